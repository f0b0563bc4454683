from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KpisConfig(AppConfig):
    name = "rumbo.kpis"
    verbose_name = _("Indicadores")
