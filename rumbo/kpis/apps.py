from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KpisConfig(AppConfig):
    name = "rumbo.kpis"
    verbose_name = _("Indicadores")

    def ready(self):
        # The bin sits below this app: it learns what it holds from here.
        from rumbo.kpis.bin_kinds import register_kinds

        register_kinds()
