"""The bin as a Django app: the kinds that can be binned register with it from their own apps."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BinConfig(AppConfig):
    name = "rumbo.bin"
    verbose_name = _("Papelera")
