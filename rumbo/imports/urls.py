from django.urls import path

from rumbo.imports import views

app_name = "imports"
urlpatterns = [
    path("importar/", views.values, name="values"),
    path("importar/<int:pk>/", views.preview, name="preview"),
    path("importar/<int:pk>/confirmar/", views.commit, name="commit"),
    path("importar/<int:pk>/archivo/", views.kept_file, name="file"),
    path("exportar/", views.export, name="export"),
]
