"""The OKR vocabulary of the engine as Django choices, with the words people read."""

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from rumbo.engine.okrs.okr import Colour, KeyResultKind, ObjectiveType, SlipReason

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Type(models.TextChoices):
    COMMITTED = ObjectiveType.COMMITTED.value, _("Comprometido")
    ASPIRATIONAL = ObjectiveType.ASPIRATIONAL.value, _("Aspiracional")


class Kind(models.TextChoices):
    NUMBER = KeyResultKind.NUMBER.value, _("Número")
    PERCENT = KeyResultKind.PERCENT.value, _("Porcentaje")
    MILESTONE = KeyResultKind.MILESTONE.value, _("Hito (hecho o no)")


TYPE_HELP: "dict[str, StrOrPromise]" = {  # by type (an ObjectiveType is its text)
    ObjectiveType.COMMITTED: _("se espera llegar a 1,0"),
    ObjectiveType.ASPIRATIONAL: _("llegar a 0,7 ya es un éxito"),
}

# The colour's name is in the text too: the colour alone does not reach everyone.
COLOUR_LABEL = {
    Colour.RED: _("Rojo: bajo"),
    Colour.YELLOW: _("Amarillo: a medias"),
    Colour.GREEN: _("Verde: bien"),
}

SLIP_LABEL = {
    SlipReason.BEHIND_PACE: _("Detrás del ritmo"),
    SlipReason.CONFIDENCE_FALLING: _("La confianza baja"),
    SlipReason.CONFIDENCE_LOW: _("Confianza baja"),
    SlipReason.KEY_RESULT_SLIPPING: _("Un resultado clave se queda atrás"),
}
