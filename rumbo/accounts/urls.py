from django.contrib.auth import views as auth
from django.urls import path

from rumbo.accounts import resets, views
from rumbo.accounts.logins import LoginForm

urlpatterns = [
    path("", views.home, name="home"),
    path("cuenta/", views.profile, name="profile"),
    path("idioma/", views.language_set, name="set_language"),
    path("cuenta/invitaciones/", views.invitations, name="invitations"),
    path("cuenta/invitaciones/<int:pk>/", views.invitation_answer, name="invitation_answer"),
    path(
        "cuenta/entrar/",
        auth.LoginView.as_view(
            template_name="accounts/login.html", authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("cuenta/salir/", auth.LogoutView.as_view(), name="logout"),
    path(
        "cuenta/clave/",
        auth.PasswordChangeView.as_view(template_name="accounts/form_page.html"),
        name="password_change",
    ),
    path(
        "cuenta/clave/lista/",
        auth.PasswordChangeDoneView.as_view(template_name="accounts/message.html"),
        name="password_change_done",
    ),
    path("cuenta/recuperar/", resets.PasswordResetView.as_view(), name="password_reset"),
    path("cuenta/recuperar/enviado/", resets.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "cuenta/recuperar/<uidb64>/<token>/", resets.PasswordResetConfirmView.as_view(), name="password_reset_confirm"
    ),
    path(
        "cuenta/recuperar/listo/",
        auth.PasswordResetCompleteView.as_view(template_name="accounts/message.html"),
        name="password_reset_complete",
    ),
]

coop_urlpatterns = [
    path("miembros/", views.members, name="members"),
    path("miembros/<int:pk>/", views.member_change, name="member_change"),
    path("miembros/invitaciones/<int:pk>/quitar/", views.invitation_remove, name="invitation_remove"),
]
