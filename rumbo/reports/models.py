"""The one row the reports app keeps: which weekly digest went to whom, so a second run sends nothing."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DigestSent(models.Model):
    """A weekly digest sent to one person about one cooperative; `week` is the Monday of its ISO week."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    cooperative = models.ForeignKey("orgs.Cooperative", on_delete=models.CASCADE, related_name="+")
    week = models.DateField(_("semana"))
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("resumen semanal enviado")
        verbose_name_plural = _("resúmenes semanales enviados")
        constraints = [
            models.UniqueConstraint(fields=["user", "cooperative", "week"], name="one_digest_per_user_coop_week")
        ]

    def __str__(self):
        return f"{self.user} · {self.cooperative} · {self.week}"
