"""The costly part of a cooperative's page, rendered once per edition of its data and kept in the "pages" cache.

A page's body (the board's objectives and tiles, a KPI's charts and tables, the OKR page) depends
only on the cooperative's data, the language, the day, the viewer's role and what the view names in
`vary` (the object shown, the filters, the rights in an area). The cache key holds all of them, with the edition of the data (orgs/editions.py) and the release of the code and templates, so
an entry is never stale: a new value, target, definition or check-in makes a new edition, and the
next view renders the page anew. The surrounding page (menu, messages) is rendered on every request,
unless the whole page is kept for the person (`kept_page`).

A body may hold forms: it is rendered with a placeholder for the CSRF token, put in on every
request, so the kept HTML is the same for everyone who may see it.
"""

import hashlib
from collections.abc import Callable, Iterable
from functools import wraps
from pathlib import Path
from typing import Any

from django.contrib.messages import get_messages
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from rumbo.accounts.requests import CoopRequest
from rumbo.orgs import editions

CSRF_SLOT = "csrf-token-of-this-request"


def _release() -> str:
    """A fingerprint of the code, templates and translations being served: a new release keeps no old page."""
    package = Path(__file__).resolve().parent.parent
    found = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.suffix in {".py", ".html", ".mo", ".txt", ".svg"}:
            stat = path.stat()
            found.update(f"{path.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return found.hexdigest()[:16]


RELEASE = _release()


def cached_body(
    request: CoopRequest,
    template: str,
    context: Callable[[], dict[str, Any]],
    *,
    vary: Iterable[object] = (),
    keep: bool = True,
) -> SafeString:
    """`template` rendered with what `context()` gives, or the same HTML kept from an earlier request.

    `keep=False` renders without the cache: a page that shows what someone typed (a refused form).
    """
    edition = _edition(request) if keep else None
    key = _key(request, template, edition, vary)
    store = caches["pages"]
    html = store.get(key) if edition else None
    if html is None:
        html = render_to_string(template, {**context(), "csrf_token": CSRF_SLOT}, request)
        if edition:
            store.set(key, html)
    return mark_safe(html.replace(CSRF_SLOT, get_token(request)))  # our own template's HTML


def _edition(request: CoopRequest) -> str | None:
    """The edition of the cooperative's data this request reads: asked once by a GET behind `kept_page`."""
    if not hasattr(request, "edition"):
        return editions.current(request.coop.pk)
    return request.edition


def _key(request: CoopRequest, template: str, edition: str | None, vary: Iterable[object]) -> str:
    site = request.build_absolute_uri("/")  # the address people used, in the links a summary shares
    parts = [
        RELEASE,
        template,
        request.coop.pk,
        edition,
        get_language(),
        timezone.localdate(),
        site,
        request.membership.role,  # which actions and fixes the page offers
        bool(request.htmx),
    ]
    return hashlib.sha256(repr([*parts, *vary]).encode()).hexdigest()


def kept_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A cooperative's page answered whole from the "pages" cache when this person saw it since the data last changed.

    For the pages people read over and over (the board, a KPI's page, the OKR page): the kept answer is
    the page as it was sent, gzip done once, so a read costs two queries and nothing more: the person's
    session, then the person with their memberships and each cooperative's edition (accounts/gate.py).
    It is kept for one person in one browser: the key holds the person, their CSRF cookie (the page's
    forms carry a token made from it), the address asked, the menu's memberships and the notices the
    session holds, with everything a body's key holds. A page is never kept while messages wait to be
    shown, nor for a request without its CSRF cookie.
    """

    @wraps(view)
    def wrapper(request: CoopRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = _page_key(request)
        store = caches["pages"]
        kept = store.get(key) if key else None
        if kept is not None:
            content, headers = kept
            get_token(request)  # renews the CSRF cookie, as a page rendered anew does
            return HttpResponse(content, headers=headers)
        response = view(request, *args, **kwargs)
        if key and response.status_code == 200 and not response.streaming and not response.cookies:
            store.set(key, (response.content, dict(response.items())))
        return response

    return wrapper


def _page_key(request: CoopRequest) -> str | None:
    secret = request.META.get("CSRF_COOKIE")
    if request.method != "GET" or not secret or len(get_messages(request)):
        return None
    edition = request.edition = editions.read_at_gate(request.coop)  # a GET writes nothing: read once
    if edition is None:
        return None
    menu = [
        (m.pk, m.role, m.areas, m.cooperative.slug, m.cooperative.name, m.cooperative.kind) for m in request.memberships
    ]
    return _key(
        request,
        "page",
        edition,
        [
            request.get_full_path(),
            request.user.pk,
            secret,  # hashed with the rest: the key tells nothing
            menu,
            sorted((name, value) for name, value in request.session.items() if name.startswith("rumbo_")),
            sorted((name, value) for name, value in request.META.items() if name.startswith("HTTP_HX_")),
            request.META.get("HTTP_ACCEPT_ENCODING", ""),
        ],
    )
