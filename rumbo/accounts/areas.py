"""The cooperative's areas: what KPIs, objectives and datasets belong to, and what an editor membership edits."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Area(models.TextChoices):
    GERENCIA = "gerencia", _("Gerencia")
    FINANZAS = "finanzas", _("Finanzas")
    LEGAL = "legal", _("Legal")
    VENTAS = "ventas", _("Ventas")
    MARKETING = "marketing", _("Marketing")
    PRODUCCION = "produccion", _("Producción")
    TRANSPORTE = "transporte", _("Transporte")
    ALMACENAMIENTO = "almacenamiento", _("Almacenamiento")
