from django.urls import path

from rumbo.choosing.views import assistant, catalog, quality

app_name = "choosing"
urlpatterns = [
    path("catalogo/", catalog.catalog, name="catalog"),
    path("catalogo/<slug:slug>/", catalog.adopt, name="adopt"),
    path("elegir/", assistant.assistant, name="assistant"),
    path("elegir/lista/", assistant.shortlist, name="shortlist"),
    path("calidad/", quality.quality, name="quality"),
    path("calidad/indicadores/<int:pk>/metrica/", quality.make_metric, name="make_metric"),
]
