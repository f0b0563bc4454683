from django.urls import path

from rumbo.bin.views import restore
from rumbo.datasets.views import catalogue, datasets, metrics

app_name = "datasets"
urlpatterns = [
    path("datos/", datasets.datasets, name="datasets"),
    path("datos/subir/", datasets.upload, name="upload"),
    path("datos/recalcular/", datasets.recompute, name="recompute"),
    path("datos/<int:pk>/", datasets.dataset_detail, name="dataset_detail"),
    path("datos/<int:pk>/tipos/", datasets.dataset_retype_view, name="dataset_retype"),
    path("datos/<int:pk>/borrar/", datasets.dataset_remove, name="dataset_remove"),
    # The bin's restore of a dataset, at the address it had before the bin was one page.
    path("datos/papelera/<int:pk>/restaurar/", restore, {"kind_key": "datasets"}, name="dataset_restore"),
    path("datos/metricas/nueva/", metrics.metric_create, name="metric_create"),
    path("datos/metricas/<int:pk>/", metrics.metric_detail, name="metric_detail"),
    path("datos/metricas/<int:pk>/calculo/", metrics.metric_define_view, name="metric_define"),
    path("datos/metricas/<int:pk>/plantilla/", catalogue.template_bind_view, name="template_bind"),
]
