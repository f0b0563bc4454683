from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "rumbo.imports"
    verbose_name = _("Importación de valores")
