from django.urls import path

from rumbo.kpis.views import board, definitions, entry, offline

app_name = "kpis"
urlpatterns = [
    path("", board.board, name="board"),
    path("actualizaciones/", entry.my_updates, name="my_updates"),
    path("pendientes/", entry.overdue, name="overdue"),
    path("indicadores/nuevo/", definitions.kpi_create, name="kpi_create"),
    path("indicadores/<int:pk>/", board.kpi_detail, name="kpi_detail"),
    path("indicadores/<int:pk>/valor/", board.kpi_value_add, name="kpi_value_add"),
    path("indicadores/<int:pk>/sin-conexion/", offline.offline_value, name="offline_value"),
    path("valores/<int:pk>/borrar/", board.value_remove, name="value_remove"),
    path("indicadores/<int:pk>/editar/", definitions.kpi_edit, name="kpi_edit"),
    path("indicadores/<int:pk>/borrar/", definitions.kpi_remove, name="kpi_remove"),
    path("objetivos/", definitions.objectives, name="objectives"),
    path("objetivos/nuevo/", definitions.objective_create, name="objective_create"),
    path("objetivos/<int:pk>/", definitions.objective_edit, name="objective_edit"),
    path("objetivos/<int:pk>/borrar/", definitions.objective_remove, name="objective_remove"),
    path("iniciativas/", definitions.initiatives, name="initiatives"),
    path("iniciativas/nueva/", definitions.initiative_create, name="initiative_create"),
    path("iniciativas/<int:pk>/", definitions.initiative_edit, name="initiative_edit"),
]
