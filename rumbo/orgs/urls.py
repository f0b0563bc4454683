from django.urls import path

from rumbo.orgs import views

app_name = "orgs"
urlpatterns = [
    path("cooperativa/", views.settings_page, name="settings"),
    path("cooperativa/unidades/", views.unit_add, name="unit_add"),
    path("cooperativa/unidades/<int:pk>/", views.unit_edit, name="unit_edit"),
    path("cooperativa/unidades/<int:pk>/quitar/", views.unit_remove, name="unit_remove"),
]
