from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightConfig(AppConfig):
    name = "rumbo.insight"
    verbose_name = _("Pronósticos y análisis")
