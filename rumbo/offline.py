"""The installable app: its service worker, served from the site's root so that it may keep the site's pages, and its
manifest in each language."""

import json
from functools import cache

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_safe

from rumbo.orgs.fragments import RELEASE

# The pages that open without signal from their last copy: the board, a KPI's page, «Mis actualizaciones», a check-in.
KEPT = r"^/c/[^/]+/(indicadores/\d+/|actualizaciones/|okr/resultados/\d+/seguimiento/)?$"
# What those pages need to show themselves, taken when the service worker installs.
SHELL = (
    "rumbo/rumbo.css",
    "rumbo/board.css",
    "rumbo/okrs.css",
    "vendor/htmx.min.js",
    "vendor/idb-keyval.umd.js",
    "rumbo/outbox.js",
    "rumbo/offline.js",
    "rumbo/icon.svg",
)


@require_safe
@gzip_page
def service_worker(request: HttpRequest) -> HttpResponse:
    """sw.js, with this release's name: a new release installs a new worker, which drops the old static copies."""
    context = {"release": RELEASE, "shell": SHELL, "kept": KEPT, "static_prefix": settings.STATIC_URL}
    response = HttpResponse(render_to_string("offline/sw.js", context), content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"  # the browser asks each time whether a new worker is out
    return response


@cache
def manifest_text(lang: str) -> str:
    """The web app manifest in one language: what the phone says when it offers to install Rumbo, and under its icon."""
    with translation.override(lang):
        manifest = {
            "name": _("Rumbo: ¿vamos por buen rumbo?"),
            "short_name": "Rumbo",
            "description": _("Los indicadores y OKR de su cooperativa, también sin señal."),
            "lang": lang,
            "dir": "ltr",
            "id": "/",  # one app whatever the language it was installed in
            "start_url": "/",
            "scope": "/",
            "display": "standalone",
            "orientation": "portrait",
            "background_color": "#f4efe6",
            "theme_color": "#1f6f5c",
            "icons": [
                {
                    "src": static(f"rumbo/icons/{name}-{size}.png"),
                    "sizes": f"{size}x{size}",
                    "type": "image/png",
                    "purpose": purpose,
                }
                for name, purpose in (("rumbo", "any"), ("rumbo-maskable", "maskable"))
                for size in (192, 512)
            ],
        }
    return json.dumps(manifest, ensure_ascii=False, separators=(",", ":"))


@require_safe
def manifest(request: HttpRequest, lang: str) -> HttpResponse:
    """manifest.<lang>.webmanifest: the page links the one of its language; each is made once and cached a day."""
    if lang not in dict(settings.LANGUAGES):
        raise Http404
    response = HttpResponse(manifest_text(lang), content_type="application/manifest+json; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response
