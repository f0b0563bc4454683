from django.urls import path

from rumbo.hooks import views

app_name = "hooks"
urlpatterns = [
    path("webhooks/", views.webhooks, name="webhooks"),
    path("webhooks/<int:pk>/", views.webhook_detail, name="webhook"),
    path("webhooks/<int:pk>/secreto/", views.webhook_secret, name="webhook_secret"),
    path("webhooks/<int:pk>/pausa/", views.webhook_pause, name="webhook_pause"),
    path("webhooks/<int:pk>/prueba/", views.webhook_test, name="webhook_test"),
    path("webhooks/<int:pk>/borrar/", views.webhook_remove, name="webhook_remove"),
]
