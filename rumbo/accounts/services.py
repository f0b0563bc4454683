"""Writes about people: their language, inviting them into a cooperative, their answer, and changing their role."""

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rumbo.accounts.models import Invitation, InvitationStatus, Membership, Role, User, normalised_email

if TYPE_CHECKING:
    from rumbo.orgs.models import Cooperative


@transaction.atomic
def user_ensure(*, email: str, first_name: str = "", password: str | None = None) -> tuple[User, bool]:
    """The user with this e-mail, created (with `password`, or none yet) if new."""
    email = normalised_email(email)
    user = User.objects.filter(email=email).first()
    if user:
        return user, False
    user = User(username=email, email=email, first_name=first_name)
    user.set_password(password) if password else user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user, True


@transaction.atomic
def profile_language_set(*, user: User, language: str) -> User:
    """Keep the language the person chose for the interface; any other code is refused."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("«%(language)s» no es un idioma de Rumbo.") % {"language": language}})
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user


@transaction.atomic
def membership_invite(
    *,
    coop: "Cooperative",
    email: str,
    role: str,
    areas: Iterable[str] = (),
    first_name: str = "",
    request: HttpRequest | None = None,
    invited_by: User | None = None,
) -> Invitation:
    """Offer a person a role in the cooperative; they become a member when they accept.

    The cooperative learns nothing about the address until then: an address new to Rumbo gets an
    account and an e-mail to choose its password (choosing it accepts); one that has an account is
    told to sign in and answer. Either way the cooperative sees the address and «pendiente».
    """
    if role not in Role.values:
        raise ValidationError({"role": _("Rol desconocido.")})
    email = normalised_email(email)
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {"email": _("«%(email)s» no es una dirección de correo válida.") % {"email": email}}
        ) from None
    if Membership.objects.filter(user__email=email, cooperative=coop).exists():
        raise ValidationError(
            {"email": _("%(email)s ya es miembro de %(coop)s.") % {"email": email, "coop": coop.name}}
        )
    if Invitation.objects.filter(cooperative=coop, email=email, status=InvitationStatus.PENDING).exists():
        raise ValidationError({"email": _("%(email)s ya tiene una invitación pendiente.") % {"email": email}})
    Invitation.objects.filter(
        cooperative=coop, email=email, status=InvitationStatus.DECLINED
    ).delete()  # asked again: the new one replaces it
    user, _created = user_ensure(email=email, first_name=first_name)
    first_password = not user.has_usable_password()
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                cooperative=coop,
                email=email,
                role=role,
                areas=list(areas),
                invited_by=invited_by,
                by_first_password=first_password,
            )
    except IntegrityError:  # another admin invited the same address at the same moment
        raise ValidationError({"email": _("%(email)s ya tiene una invitación pendiente.") % {"email": email}}) from None
    if request is not None:
        if first_password:
            _send_welcome(user, request)
        else:
            _send_notice(invitation, user, request)
    return invitation


@transaction.atomic
def membership_grant(*, coop: "Cooperative", user: User, role: str, areas: Iterable[str] = ()) -> Membership:
    """Give a person a role at once: for the server's operator (`rumbo user create`), who answers for them."""
    if role not in Role.values:
        raise ValidationError({"role": _("Rol desconocido.")})
    if Membership.objects.filter(user=user, cooperative=coop).exists():
        raise ValidationError(
            {"email": _("%(email)s ya es miembro de %(coop)s.") % {"email": user.email, "coop": coop.name}}
        )
    return Membership.objects.create(user=user, cooperative=coop, role=role, areas=list(areas))


def _send_welcome(user: User, request: HttpRequest) -> None:
    form = PasswordResetForm({"email": user.email})
    form.is_valid()
    # Invited users have no password yet; Django's reset only mails users with a usable one.
    form.get_users = lambda email: [user]  # type: ignore[method-assign]
    transaction.on_commit(
        lambda: form.save(
            request=request,
            subject_template_name="accounts/invite_subject.txt",
            email_template_name="accounts/invite_email.txt",
            use_https=request.is_secure(),
        )
    )


def _send_notice(invitation: Invitation, user: User, request: HttpRequest) -> None:
    """Tell a person who has an account that an invitation waits for them, in their own language."""
    link = request.build_absolute_uri(reverse("invitations"))
    with translation.override(user.language or "es"):
        context = {"coop": invitation.cooperative.name, "role": invitation.get_role_display(), "link": link}
        subject = " ".join(
            render_to_string("accounts/invitation_subject.txt", context).split()
        )  # one header line, whatever the name holds
        body = render_to_string("accounts/invitation_email.txt", context)
    transaction.on_commit(lambda: send_mail(subject, body, None, [invitation.email]))


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """The invited person joins the cooperative with the role offered."""
    invitation = _pending_for(invitation, user)
    membership = Membership.objects.filter(user=user, cooperative=invitation.cooperative).first()
    if membership is None:  # not added meanwhile another way
        membership = Membership.objects.create(
            user=user, cooperative=invitation.cooperative, role=invitation.role, areas=invitation.areas
        )
    _decide(invitation, InvitationStatus.ACCEPTED)
    return membership


@transaction.atomic
def invitation_decline(*, invitation: Invitation, user: User) -> Invitation:
    """The invited person says no; the cooperative sees «rechazada» and nothing more."""
    invitation = _pending_for(invitation, user)
    _decide(invitation, InvitationStatus.DECLINED)
    return invitation


@transaction.atomic
def invitations_accept_on_first_password(*, user: User) -> list[Membership]:
    """A person new to Rumbo chose their first password through an invitation's e-mail: that accepts it."""
    waiting = Invitation.objects.filter(
        email=normalised_email(user.email), status=InvitationStatus.PENDING, by_first_password=True
    )
    return [invitation_accept(invitation=invitation, user=user) for invitation in waiting]


@transaction.atomic
def invitation_withdraw(*, invitation: Invitation) -> None:
    """The cooperative takes back a pending invitation, or clears a declined one from its list."""
    if invitation.status == InvitationStatus.ACCEPTED:
        raise ValidationError(_("Esta invitación ya fue aceptada; quite a la persona desde la lista de miembros."))
    invitation.delete()


def _pending_for(invitation: Invitation, user: User) -> Invitation:
    invitation = Invitation.objects.select_for_update().select_related("cooperative").get(pk=invitation.pk)
    if invitation.email != normalised_email(user.email):
        raise ValidationError(_("Esta invitación es para otra dirección de correo."))
    if invitation.status != InvitationStatus.PENDING:
        raise ValidationError(_("Esta invitación ya fue respondida."))
    return invitation


def _decide(invitation: Invitation, status: str) -> None:
    invitation.status, invitation.decided_at = status, timezone.now()
    invitation.save(update_fields=["status", "decided_at"])


@transaction.atomic
def membership_change(*, membership: Membership, role: str, areas: Iterable[str] = ()) -> Membership:
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
    others = (
        Membership.objects.select_for_update()
        .filter(cooperative=membership.cooperative, role=Role.ADMIN)
        .exclude(pk=membership.pk)
    )
    if not others.exists():
        raise ValidationError(_("La cooperativa debe conservar al menos una persona con rol de administración."))
