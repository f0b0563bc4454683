"""An uploaded file of KPI values: kept as it came, with what its preview found and what it changed."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rumbo.imports.uploads import safe_filename


def upload_path(instance, filename: str) -> str:
    # A folder per upload keeps the person's file name (sanitised) without ever colliding.
    return f"imports/{instance.cooperative_id}/{uuid.uuid4().hex}/{safe_filename(filename)}"


class ValueImport(models.Model):
    """One upload of a values file; nothing is written to the KPIs until it is committed."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Revisada, sin aplicar")
        COMMITTED = "committed", _("Aplicada")
        FAILED = "failed", _("Con problemas")

    cooperative = models.ForeignKey("orgs.Cooperative", on_delete=models.CASCADE, related_name="value_imports")
    file = models.FileField(_("archivo"), upload_to=upload_path, max_length=300)
    filename = models.CharField(_("nombre del archivo"), max_length=200)  # as the person named it, for messages
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    status = models.CharField(_("estado"), max_length=10, choices=Status.choices, default=Status.PREVIEWED)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    committed_at = models.DateTimeField(null=True, blank=True)
    layout = models.CharField(max_length=10, blank=True)  # long, wide or across, as the engine read it
    total = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    # Issues as {template, params, row, column, header}: translated when shown, not when stored.
    problems = models.JSONField(default=list, blank=True)
    notices = models.JSONField(default=list, blank=True)
    rows = models.JSONField(default=list, blank=True)  # the plan: one entry per value of the file
    plan_digest = models.CharField(max_length=64, blank=True)  # what the preview promised; commit checks it

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("importación de valores")
        verbose_name_plural = _("importaciones de valores")
        indexes = [models.Index(fields=["cooperative", "-created_at"], name="value_import_recent")]

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def can_commit(self) -> bool:
        return self.status == self.Status.PREVIEWED and not self.problems and (self.created or self.updated) > 0
