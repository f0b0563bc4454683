"""Writes about people: inviting them into a cooperative and changing their role."""

from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rumbo.accounts.models import Membership, Role, User


@transaction.atomic
def user_ensure(*, email: str, first_name: str = "", password: str | None = None) -> tuple[User, bool]:
    """The user with this e-mail, created (with `password`, or none yet) if new."""
    email = User.objects.normalize_email(email).strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user:
        return user, False
    user = User(username=email, email=email, first_name=first_name)
    user.set_password(password) if password else user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user, True


@transaction.atomic
def membership_invite(*, coop, email: str, role: str, areas=(), first_name: str = "", request=None) -> Membership:
    """Give a person a role in the cooperative; a new person gets an e-mail to choose a password."""
    if role not in Role.values:
        raise ValidationError({"role": _("Rol desconocido.")})
    user, created = user_ensure(email=email, first_name=first_name)
    if Membership.objects.filter(user=user, cooperative=coop).exists():
        raise ValidationError({"email": _("%(email)s ya es miembro de %(coop)s.") % {"email": user.email, "coop": coop.name}})
    membership = Membership.objects.create(user=user, cooperative=coop, role=role, areas=list(areas))
    if created and request is not None:
        _send_welcome(user, request)
    return membership


def _send_welcome(user: User, request) -> None:
    form = PasswordResetForm({"email": user.email})
    form.is_valid()
    # Invited users have no password yet; Django's reset only mails users with a usable one.
    form.get_users = lambda email: [user]
    transaction.on_commit(
        lambda: form.save(
            request=request,
            subject_template_name="accounts/invite_subject.txt",
            email_template_name="accounts/invite_email.txt",
            use_https=request.is_secure(),
        )
    )


@transaction.atomic
def membership_change(*, membership: Membership, role: str, areas=()) -> Membership:
    if role not in Role.values:
        raise ValidationError({"role": _("Rol desconocido.")})
    if membership.role == Role.ADMIN and role != Role.ADMIN:
        _keep_one_admin(membership)
    membership.role, membership.areas = role, list(areas)
    membership.save()
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    if membership.role == Role.ADMIN:
        _keep_one_admin(membership)
    membership.delete()


def _keep_one_admin(membership: Membership) -> None:
    others = Membership.objects.select_for_update().filter(cooperative=membership.cooperative, role=Role.ADMIN).exclude(pk=membership.pk)
    if not others.exists():
        raise ValidationError(_("La cooperativa debe conservar al menos una persona con rol de administración."))
