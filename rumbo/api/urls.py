from django.urls import path

from rumbo.api import pages

coop_urlpatterns = [
    path("api/", pages.tokens, name="api_tokens"),
    path("api/<int:pk>/actividad/", pages.token_activity, name="api_token_activity"),
    path("api/<int:pk>/revocar/", pages.token_remove, name="api_token_remove"),
]

guide_urlpatterns = [path("docs/", pages.guide, name="api_guide")]
