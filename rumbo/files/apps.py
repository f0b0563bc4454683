"""The files app: where every kept upload, dataset version and logo is stored."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilesConfig(AppConfig):
    name = "rumbo.files"
    label = "files"
    verbose_name = _("Archivos")
    default_auto_field = "django.db.models.BigAutoField"
