"""Keys that let another system read or change a cooperative's data, what each key did, and answers kept for retries."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class KeyLanguage(models.TextChoices):
    CREATOR = "", _("el de quien la creó")
    SPANISH = "es", _("español")
    ENGLISH = "en", _("inglés")


class ApiToken(models.Model):
    """A bearer key for one cooperative; only its SHA-256 is stored, the key is shown once.

    A key that can write changes what an editor of its `areas` could (every area when none
    is given); a key that cannot write only reads.
    """

    cooperative = models.ForeignKey("orgs.Cooperative", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("nombre"), max_length=100)
    can_write = models.BooleanField(_("puede registrar valores"), default=False)
    areas = models.JSONField(_("áreas"), default=list, blank=True)  # empty: every area
    language = models.CharField(_("idioma"), max_length=2, choices=KeyLanguage.choices, blank=True, default="")
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


class ApiActivity(models.Model):
    """One change asked for with a key: what, when, and how it ended (admins read them on the keys page)."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="activity")
    at = models.DateTimeField(auto_now_add=True)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=300)
    status = models.PositiveSmallIntegerField()
    summary = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["token", "-at"], name="api_activity_latest")]

    def __str__(self) -> str:
        return f"{self.method} {self.path} {self.status}"


class IdempotentAnswer(models.Model):
    """The first answer to a change sent with an `Idempotency-Key`, given again to a retry within 24 h."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)  # method, path and body: the same key with another body is refused
    status = models.PositiveSmallIntegerField()
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["token", "key"], name="one_answer_per_key_and_token")]

    def __str__(self) -> str:
        return self.key
