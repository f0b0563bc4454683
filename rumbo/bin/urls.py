"""The bin's page, and one restore address per registered kind, all answered by the same view."""

from django.urls import path

from rumbo.bin import views
from rumbo.bin.registry import kinds

app_name = "bin"
urlpatterns = [
    path("papelera/", views.trash, name="trash"),
    *(
        path(f"papelera/{found.slug}/<int:pk>/restaurar/", views.restore, {"kind_key": found.key}, name=found.key)
        for found in kinds()
    ),
]
