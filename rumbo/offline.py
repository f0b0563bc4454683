"""The installable app's service worker, served from the site's root so that it may keep the site's pages."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
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
