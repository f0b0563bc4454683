from django.urls import path

from rumbo.reports import views

app_name = "reports"
urlpatterns = [
    path("informes/", views.page, name="page"),
    path("informes/pdf/", views.report_pdf, name="pdf"),
    path("informes/exportar/", views.export, name="export"),
]
