from django.urls import path

from rumbo.api import pages

coop_urlpatterns = [
    path("api/", pages.tokens, name="api_tokens"),
    path("api/<int:pk>/revocar/", pages.token_remove, name="api_token_remove"),
]
