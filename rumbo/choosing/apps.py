from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChoosingConfig(AppConfig):
    name = "rumbo.choosing"
    verbose_name = _("Elegir KPI")
