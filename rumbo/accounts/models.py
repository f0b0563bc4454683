"""People and what they may do in each cooperative they belong to."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person; signs in with their e-mail address, which is also their username."""

    email = models.EmailField(_("correo electrónico"), unique=True)
    language = models.CharField(_("idioma"), max_length=8, choices=[("es", "Español"), ("en", "English")], default="es")
    digest_opt_in = models.BooleanField(_("recibir el resumen semanal"), default=True)

    def __str__(self):
        return self.get_full_name() or self.email


class Role(models.TextChoices):
    ADMIN = "admin", _("Administración")
    EDITOR = "editor", _("Edición")
    VIEWER = "viewer", _("Lectura")


ROLE_RANK = {Role.VIEWER: 0, Role.EDITOR: 1, Role.ADMIN: 2}


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    cooperative = models.ForeignKey("orgs.Cooperative", on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("rol"), max_length=10, choices=Role.choices, default=Role.VIEWER)
    # An editor edits the KPIs of these areas; empty means every area.
    areas = models.JSONField(_("áreas"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "cooperative"], name="one_membership_per_coop")]
        ordering = ["cooperative__name"]

    def __str__(self):
        return f"{self.user} · {self.cooperative} · {self.role}"

    def allows(self, role: str) -> bool:
        return ROLE_RANK[Role(self.role)] >= ROLE_RANK[Role(role)]

    def can_edit_area(self, area: str) -> bool:
        if self.role == Role.ADMIN:
            return True
        return self.role == Role.EDITOR and (not self.areas or area in self.areas)
