from django.urls import path

from rumbo.insight import views

app_name = "insight"
urlpatterns = [
    path("iniciativas/<int:pk>/impacto/", views.initiative_detail, name="initiative_detail"),
    path("iniciativas/<int:pk>/impacto/seguir/", views.initiative_kpi_watch, name="initiative_kpi_watch"),
    path("iniciativas/<int:pk>/impacto/dejar/", views.initiative_kpi_unwatch, name="initiative_kpi_unwatch"),
    path("indicadores/<int:pk>/anticipa/", views.lead_pair, name="lead_pair"),
]
