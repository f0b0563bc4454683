"""People and what they may do in each cooperative they belong to."""

from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


def normalised_email(value: str | None) -> str:
    """The one spelling of an address Rumbo stores and compares: no spaces around it, small letters."""
    return (value or "").strip().lower()


class PersonManager(UserManager):
    """Django's user manager, keeping the whole address (not only its domain) in small letters."""

    @classmethod
    def normalize_email(cls, email):
        return normalised_email(email)


class User(AbstractUser):
    """A person; signs in with their e-mail address, which is also their username."""

    cooperative_via = "memberships"  # the path to its cooperatives (orgs/editions.py): its name shows on their pages
    fields_not_shown = frozenset({"last_login", "password"})

    email = models.EmailField(_("correo electrónico"), unique=True)
    language = models.CharField(_("idioma"), max_length=8, choices=[("es", "Español"), ("en", "English")], default="es")
    digest_opt_in = models.BooleanField(_("recibir el resumen semanal"), default=True)

    objects: ClassVar[PersonManager] = PersonManager()

    class Meta(AbstractUser.Meta):
        constraints = [
            # Two accounts whose addresses differ only in case would be one person signing in to either.
            models.UniqueConstraint(Lower("email"), name="user_email_unique_any_case"),
            models.UniqueConstraint(Lower("username"), name="user_username_unique_any_case"),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    @classmethod
    def normalize_username(cls, username):
        return normalised_email(super().normalize_username(username))


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


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Pendiente")
    ACCEPTED = "accepted", _("Aceptada")
    DECLINED = "declined", _("Rechazada")


class Invitation(models.Model):
    """An offer of a role in a cooperative to an e-mail address, which its owner accepts or declines.

    Until it is accepted the cooperative knows only the address it typed: not whether the
    address has an account, nor the name of the person behind it.
    """

    cooperative = models.ForeignKey("orgs.Cooperative", on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("correo electrónico"))
    role = models.CharField(_("rol"), max_length=10, choices=Role.choices, default=Role.VIEWER)
    areas = models.JSONField(_("áreas"), default=list, blank=True)
    status = models.CharField(
        _("estado"), max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    # The address had no way in but the invitation's own e-mail: choosing a password through it accepts.
    by_first_password = models.BooleanField(default=False)
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "email"],
                condition=models.Q(status="pending"),
                name="one_pending_invitation_per_address",
            ),
            models.CheckConstraint(condition=models.Q(email=Lower("email")), name="invitation_email_in_small_letters"),
        ]

    def __str__(self):
        return f"{self.email} · {self.cooperative} · {self.status}"
