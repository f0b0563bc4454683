"""Every URL of Rumbo; cooperative pages live under /c/<coop_slug>/."""

from django.urls import include, path

from rumbo import offline
from rumbo.accounts.urls import coop_urlpatterns as account_coop_urls
from rumbo.api.urls import coop_urlpatterns as api_coop_urls
from rumbo.api.urls import guide_urlpatterns as api_guide_urls
from rumbo.api.views import api

handler500 = "rumbo.error_pages.server_error"

urlpatterns = [
    path("", include("rumbo.accounts.urls")),
    path("sw.js", offline.service_worker, name="service_worker"),
    path("manifest.<str:lang>.webmanifest", offline.manifest, name="manifest"),
    path("api/v1/", include(api_guide_urls)),
    path("api/v1/", api.urls),
    path("c/<slug:coop_slug>/", include(api_coop_urls)),
    path("c/<slug:coop_slug>/", include(account_coop_urls)),
    path("c/<slug:coop_slug>/", include("rumbo.orgs.urls")),
    path("c/<slug:coop_slug>/", include("rumbo.kpis.urls")),
    path("c/<slug:coop_slug>/", include("rumbo.imports.urls")),
    path("c/<slug:coop_slug>/", include("rumbo.okrs.urls")),
    path("c/<slug:coop_slug>/", include("rumbo.choosing.urls")),
    path("c/<slug:coop_slug>/", include("rumbo.reports.urls")),
    path("c/<slug:coop_slug>/", include("rumbo.datasets.urls")),
    path("c/<slug:coop_slug>/", include("rumbo.insight.urls")),
    path("c/<slug:coop_slug>/", include("rumbo.bin.urls")),
    path("c/<slug:coop_slug>/", include("rumbo.hooks.urls")),
    path("c/<slug:coop_slug>/", include("rumbo.federation.urls")),
]
