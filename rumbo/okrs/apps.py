from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OkrsConfig(AppConfig):
    name = "rumbo.okrs"
    verbose_name = _("OKR")

    def ready(self):
        # The bin sits below this app: it learns what it holds from here.
        from rumbo.okrs.bin_kinds import register_kinds

        register_kinds()
