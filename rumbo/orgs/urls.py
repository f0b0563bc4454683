from django.urls import path

from rumbo.orgs import views

app_name = "orgs"
urlpatterns = [
    path("cooperativa/", views.settings_page, name="settings"),
]
