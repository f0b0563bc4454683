"""Rumbo's WSGI application for bench/load.py, plus one trivial page (/bench/ping/) that measures the stack's ceiling.

The ping page goes through every middleware Rumbo has but touches no database, so its
throughput is the most this machine can serve through Django with these settings.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rumbo.settings")

from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()

from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402

from rumbo import urls  # noqa: E402


def ping(request):
    return HttpResponse("ok", content_type="text/plain")


# Added before the first request resolves a URL; only this bench's servers have it.
urls.urlpatterns.append(path("bench/ping/", ping))
