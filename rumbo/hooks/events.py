"""The events a webhook may announce: their stable names (sent in `X-Rumbo-Event`) and their words for people."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    STATUS_CHANGED = "kpi.status_changed", _("Un KPI cambió de estado")
    VALUE_ARRIVED = "value.arrived", _("Llegó un valor")
    CHECK_IN_DUE = "check_in.due", _("Toca un check-in")


PING = "ping"  # the test an admin sends from the page; every webhook receives it, whatever its events
