"""Rumbo's URLs plus views that fail on purpose, for the error-page tests."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from rumbo.urls import handler500  # noqa: F401 (the handler is looked up here)
from rumbo.urls import urlpatterns as rumbo_urlpatterns


def bad(request):
    raise SuspiciousOperation("petición sospechosa de prueba")


def forbidden(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("fallo de prueba")


def broken_database(request):
    from django.db import connection

    def refuse(*args, **kwargs):
        raise RuntimeError("no hay base de datos")

    connection.cursor = refuse  # every later query fails, as when the database goes down; the test puts it back
    raise RuntimeError("la base de datos se cayó")


urlpatterns = [
    path("prueba/400/", bad),
    path("prueba/403/", forbidden),
    path("prueba/500/", broken),
    path("prueba/500-sin-base/", broken_database),
    *rumbo_urlpatterns,
]
