"""Webhooks of a cooperative, each delivery with its attempts, and what was last announced (so nothing is told twice)."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rumbo.hooks.events import Event


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


class Webhook(models.Model):
    """An address of another system that receives the cooperative's events, signed with its own secret."""

    cooperative = models.ForeignKey("orgs.Cooperative", on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(_("dirección"), max_length=500)
    events = models.JSONField(_("eventos"), default=list)  # Event values
    secret = models.CharField(max_length=100, default=new_secret)  # kept readable: each delivery is signed with it
    active = models.BooleanField(_("activo"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("webhook")

    def __str__(self) -> str:
        return self.url

    def wants(self, event: str) -> bool:
        return event in self.events

    def event_labels(self) -> list[str]:
        return [str(label) for value, label in Event.choices if value in self.events]


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("pendiente")
    DELIVERED = "delivered", _("entregado")
    FAILED = "failed", _("fallido")


class Delivery(models.Model):
    """One event sent to one webhook: its body, how many attempts, how the last one went, when the next one is."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)  # sent as X-Rumbo-Delivery
    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["webhook", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.event} {self.uid}"


class StatusAnnounced(models.Model):
    """The last status announced for a KPI: a status change is one that differs from it."""

    kpi = models.OneToOneField("kpis.Kpi", on_delete=models.CASCADE, related_name="+", primary_key=True)
    cooperative = models.ForeignKey("orgs.Cooperative", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10)

    def __str__(self) -> str:
        return f"{self.kpi_id}: {self.status}"


class CheckInDueAnnounced(models.Model):
    """A key result's check-in due on a day, announced once."""

    key_result = models.ForeignKey("okrs.KeyResult", on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key_result", "due_on"], name="hooks_check_in_due_once")]

    def __str__(self) -> str:
        return f"{self.key_result_id}: {self.due_on}"
