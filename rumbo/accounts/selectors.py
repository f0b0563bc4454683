"""Reads about people: the invitations a person may answer, and those a cooperative sent."""

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from rumbo.accounts.models import Invitation, InvitationStatus, User, normalised_email

if TYPE_CHECKING:
    from rumbo.orgs.models import Cooperative


def invitations_waiting_for(user: User) -> QuerySet[Invitation]:
    """The pending invitations to the person's address, oldest first, with their cooperative."""
    return Invitation.objects.filter(
        email=normalised_email(user.email), status=InvitationStatus.PENDING
    ).select_related("cooperative")


def invitations_sent_by(coop: "Cooperative") -> QuerySet[Invitation]:
    """A cooperative's invitations not (yet) accepted: only the address it typed and the answer, nothing of the person."""
    return Invitation.objects.filter(cooperative=coop).exclude(status=InvitationStatus.ACCEPTED).order_by("email")
