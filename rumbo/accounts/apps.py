from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "rumbo.accounts"
    verbose_name = _("Cuentas")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from rumbo.accounts.views import remember_invitations

        def count_invitations(sender, request, user, **kwargs):
            if request is not None and hasattr(request, "session"):
                remember_invitations(request, user)

        # The page header says when invitations wait, from the session (no query on every page).
        user_logged_in.connect(count_invitations, weak=False, dispatch_uid="rumbo_count_invitations")
