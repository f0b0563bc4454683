"""The pages a person can open, walked in a 360-px browser: what spills sideways, what axe-core reports, how tall."""

from dataclasses import dataclass, field
from pathlib import Path

import axe_playwright_python
from django.test import Client
from django.urls import reverse

from tests.accounts.test_url_walk import coop_urls

PHONE = {"width": 360, "height": 740}
AXE_SCRIPT = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_RULES = ["heading-order"]
ACCOUNT_PAGES = ("home", "profile", "invitations", "password_change")

# The page's overflow past `viewport` px, its height and language, and when it overflows the outermost elements that
# stick out past the viewport, outside any box that scrolls or clips its content: read in one go.
MEASURE = """(viewport) => {
  const root = document.documentElement;
  const found = {overflow: Math.max(0, root.scrollWidth - viewport), height: root.scrollHeight, lang: root.lang, widest: []};
  if (!found.overflow) return found;
  const width = root.clientWidth;
  const clips = (el) => { for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
    if (getComputedStyle(a).overflowX !== 'visible') return true; } return false; };
  const sticksOut = (el) => el.getBoundingClientRect().right > width + 0.5 && !clips(el);
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (!sticksOut(el) || (el.parentElement && el.parentElement !== document.body && sticksOut(el.parentElement))) continue;
    const r = el.getBoundingClientRect();
    const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + [...el.classList].map(c => '.' + c).join('');
    out.push({name, right: Math.round(r.right), text: (el.innerText || '').trim().slice(0, 50)});
  }
  found.widest = out.sort((a, b) => b.right - a.right).slice(0, 3);
  return found;
}"""


# A sticky «Guardar» covers the bottom of the screen while a long form scrolls (html's scroll-padding keeps the
# focused field clear of it): the page is read where the button rests at the end of its form. heading-order
# (headings that skip a level) is an axe best practice, not a WCAG tag: asked for by name.
AXE_RUN = """([tags, rules]) => {
  if (typeof window.axe === 'undefined') return null;
  window.scrollTo(0, document.documentElement.scrollHeight);
  return axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
                            rules: Object.fromEntries(rules.map(r => [r, {enabled: true}]))});
}"""


@dataclass
class Finding:
    """What one page showed: its overflow in px (0 when it fits), the elements sticking out, its height, its language."""

    url: str
    overflow: int
    widest: list = field(default_factory=list)
    height: int = 0
    lang: str = ""


def session_cookie(base_url, user):
    """Log a user in without the login form: the session the live server will accept."""
    client = Client()
    client.force_login(user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}


def with_axe(context):
    """The context's pages get axe-core as they open: handed to the browser once, not sent again for every page."""
    context.add_init_script(AXE_SCRIPT)
    return context


def signed_in_phone(browser, base_url, user, service_workers="block"):
    """A new phone-sized browser context signed in as `user`, and its first page (close the context after).

    Not `is_mobile`, which hides the overflow. The service worker stays out unless asked for (`service_workers="allow"`):
    a page shows and reads the same without it, and what it does on each page (a copy kept, the static files fetched
    again) is the offline tests' subject and a sixth of the walk's time.
    """
    context = with_axe(browser.new_context(viewport=PHONE, base_url=base_url, service_workers=service_workers))
    context.add_cookies([session_cookie(base_url, user)])
    return context, context.new_page()


def walk_urls(cast, demo=()):
    """Every HTML page the cast's admin can GET (not the POST-only addresses, not the files), plus the demo's main pages."""
    client = Client()
    client.force_login(cast.admin)
    urls = [reverse(name) for name in ACCOUNT_PAGES] + [url for _name, url in coop_urls(cast, cast.coop.slug)]
    pages = []
    for url in urls:
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            pages.append(url)
    return pages + list(demo)


def open_page(page, url):
    """Go to a page; None when this person may not see it (403 for a viewer on an editing page)."""
    response = page.goto(url, wait_until="load")
    if (
        response is None
        or response.status != 200
        or not response.headers.get("content-type", "").startswith("text/html")
    ):
        return None
    return response


def measure(page, url):
    """The page's sideways overflow at the current viewport and the elements that cause it."""
    return Finding(url=url, **page.evaluate(MEASURE, page.viewport_size["width"]))


def open_all_details(page, selector):
    page.evaluate("(s) => document.querySelectorAll(s).forEach(d => d.open = true)", selector)


def axe_violations(page):
    """axe-core's WCAG 2.2 AA violations on the page, injected from the wheel (never a CDN) unless it has it already."""
    result = page.evaluate(AXE_RUN, [AXE_TAGS, AXE_RULES])
    if result is None:  # a page of a context without axe (with_axe)
        page.evaluate(AXE_SCRIPT)
        result = page.evaluate(AXE_RUN, [AXE_TAGS, AXE_RULES])
    return [
        (
            v["id"],
            len(v["nodes"]),
            [n["target"][0] + " " + n.get("failureSummary", "")[:160].replace("\n", " ") for n in v["nodes"][:3]],
        )
        for v in result["violations"]
    ]
