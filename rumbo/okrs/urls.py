from django.urls import path

from rumbo.bin.views import restore
from rumbo.okrs.views import edit, follow, offline, pages

app_name = "okrs"
urlpatterns = [
    path("okr/", pages.okr_page, name="page"),
    path("okr/alineacion/", pages.alignment, name="alignment"),
    path("okr/ciclos/nuevo/", edit.cycle_create, name="cycle_create"),
    path("okr/ciclos/<int:pk>/cierre/", follow.review, name="review"),
    path("okr/objetivos/nuevo/", edit.objective_create, name="objective_create"),
    path("okr/objetivos/<int:pk>/", pages.objective_detail, name="objective_detail"),
    path("okr/objetivos/<int:pk>/editar/", edit.objective_edit, name="objective_edit"),
    path("okr/objetivos/<int:pk>/borrar/", edit.objective_remove, name="objective_remove"),
    # The bin's restore of an OKR objective, at the address it had before the bin was one page.
    path("okr/objetivos/<int:pk>/restaurar/", restore, {"kind_key": "okr_objectives"}, name="objective_restore"),
    path("okr/objetivos/<int:pk>/resultados/nuevo/", edit.key_result_create, name="key_result_create"),
    path("okr/resultados/<int:pk>/editar/", edit.key_result_edit, name="key_result_edit"),
    path("okr/resultados/<int:pk>/borrar/", edit.key_result_remove, name="key_result_remove"),
    path("okr/resultados/<int:pk>/seguimiento/", follow.check_in, name="check_in"),
    path("okr/resultados/<int:pk>/sin-conexion/", offline.offline_check_in, name="offline_check_in"),
    path("okr/mejorar-indicador/<int:pk>/", edit.improve_kpi, name="improve_kpi"),
]
