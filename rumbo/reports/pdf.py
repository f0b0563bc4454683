"""Report HTML to PDF with WeasyPrint: our print stylesheet, DejaVu fonts embedded, nothing fetched from outside.

The HTML is ours, but it carries the cooperative's own words (names, notes) and its logo:
the URL fetcher only hands WeasyPrint `data:` URLs and files under the media and static
folders, so a report can never be made to read another file or call another server.
"""

import base64
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

STYLESHEET = "rumbo/report-print.css"
FONT = '"DejaVu Sans Condensed", "DejaVu Sans", sans-serif'


class FetchRefused(ValueError):
    pass


def _allowed_roots() -> list[Path]:
    roots = [Path(settings.MEDIA_ROOT), Path(settings.STATIC_ROOT), *map(Path, settings.STATICFILES_DIRS)]
    return [r.resolve() for r in roots]


def url_fetcher():
    """A WeasyPrint fetcher that serves `data:` URLs and our own files, and refuses everything else."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class ReportFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file://"):
                path = Path(unquote(urlsplit(url).path)).resolve()
                if path.is_file() and any(path.is_relative_to(root) for root in _allowed_roots()):
                    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": kind})
            raise FetchRefused(f"refused to fetch {url[:80]!r} for a report")

    return ReportFetcher(allowed_protocols={"data", "file"})


def logo_url(coop) -> str:
    """The cooperative's logo as a data: URL WeasyPrint may read, or "" when it has none (or it is gone).

    The logo is read through the file store, so a report shows it on any app server.
    """
    if not coop.logo:
        return ""
    try:
        with coop.logo.storage.open(coop.logo.name, "rb") as stored:
            return "data:image/png;base64," + base64.b64encode(stored.read()).decode()
    except OSError:
        return ""


def _css_text(value: str) -> str:
    """`value` as one quoted CSS string, whatever it holds (CSSOM's «serialize a string»).

    A line break, or any other control character, ends a CSS string and lets the rest be read
    as rules; written as a hex escape it stays a character of the text, and the foot shows it as a space.
    """
    out = []
    for char in value:
        if char == "\0":
            out.append("\ufffd")
        elif char < " " or char == "\x7f":
            out.append(f"\\{ord(char):x} ")
        elif char in '"\\':
            out.append("\\" + char)
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _margin_css(coop_name: str, *, one_page: bool) -> str:
    """The page foot in the report's language: «Página 2 de 5» and the cooperative.

    On the one-page board the left of the foot says which KPIs did not fit: each tile
    carries that sentence (`string-set`), and the foot shows the last one laid out on the page.
    """
    signature = _css_text(f"{coop_name} · Rumbo")
    if one_page:
        left = "string(rest, last)"
        right = f"{signature} {_css_text(' · ' + _('Página') + ' 1 ' + _('de') + ' 1')}"
    else:
        left = signature
        right = f"{_css_text(_('Página') + ' ')} counter(page) {_css_text(' ' + _('de') + ' ')} counter(pages)"
    return (
        f"@page {{ @bottom-left {{ content: {left}; font-family: {FONT}; }} "
        f"@bottom-right {{ content: {right}; font-family: {FONT}; }} }}"
    )


def document(template: str, context: dict, *, one_page: bool = False):
    """The laid-out WeasyPrint document (its `pages` can be counted before writing the PDF)."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    html = render_to_string(template, context)
    fonts = FontConfiguration()
    stylesheets = [
        CSS(filename=finders.find(STYLESHEET), font_config=fonts),
        CSS(string=_margin_css(context["coop"].name, one_page=one_page), font_config=fonts),
    ]
    return HTML(string=html, url_fetcher=url_fetcher(), base_url=str(settings.MEDIA_ROOT)).render(
        stylesheets=stylesheets, font_config=fonts
    )


def one_page(template: str, context: dict, *, prefix: str):
    """The first page alone, laid out once, and how many elements whose id starts with `prefix` it holds whole.

    Tiles are atomic boxes: one that does not fit goes, whole, to a second page, which is
    then left out; the foot of the first page already says what it does not show.
    """
    doc = document(template, context, one_page=True)
    later = set().union(*(ids_on_page(page, prefix) for page in doc.pages[1:]))
    held = len(ids_on_page(doc.pages[0], prefix) - later)
    return (doc.copy([doc.pages[0]]) if len(doc.pages) > 1 else doc), held


def ids_on_page(page, prefix: str) -> set[str]:
    """The ids starting with `prefix` of the elements laid out on `page` (empty if WeasyPrint hides its boxes)."""
    box = getattr(page, "_page_box", None)
    if box is None:
        return set()
    found = set()
    for child in box.descendants():
        element = getattr(child, "element", None)
        ident = element.get("id", "") if element is not None and hasattr(element, "get") else ""
        if ident.startswith(prefix):
            found.add(ident)
    return found


def write(doc) -> bytes:
    return doc.write_pdf()
