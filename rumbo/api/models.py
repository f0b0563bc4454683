"""Keys that let another system read or push a cooperative's KPI values."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A bearer key for one cooperative; only its SHA-256 is stored, the key is shown once."""

    cooperative = models.ForeignKey("orgs.Cooperative", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("nombre"), max_length=100)
    can_write = models.BooleanField(_("puede registrar valores"), default=False)
    prefix = models.CharField(max_length=12)  # shown in lists so people can tell keys apart
    key_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("clave de API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
