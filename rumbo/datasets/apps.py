from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DatasetsConfig(AppConfig):
    name = "rumbo.datasets"
    verbose_name = _("Datos")

    def ready(self):
        # The bin sits below this app: it learns what it holds from here.
        from rumbo.datasets.bin_kinds import register_kinds

        register_kinds()
