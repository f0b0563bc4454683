"""The notice of a federation's invitation waiting for a cooperative's admin, kept in the session as people's invitations are."""

from django.http import HttpRequest

# The slugs of the cooperatives whose admin is this person and that a federation invited, so every page can say so
# without a query; set when signing in and whenever «Redes» is opened or an invitation answered.
NETWORK_INVITATIONS = "rumbo_network_invitations"


def invited_coops(user) -> list[str]:
    """The cooperatives this person administers that have a federation's invitation waiting (one query)."""
    from rumbo.accounts.models import Role
    from rumbo.federation.models import Member, MemberStatus

    return sorted(
        set(
            Member.objects.filter(
                status=MemberStatus.INVITED,
                cooperative__memberships__user=user,
                cooperative__memberships__role=Role.ADMIN,
            ).values_list("cooperative__slug", flat=True)
        )
    )


def remember(request: HttpRequest, user=None) -> None:
    user = user or getattr(request, "user", None)
    if user is not None and user.is_authenticated and hasattr(request, "session"):
        request.session[NETWORK_INVITATIONS] = invited_coops(user)


def on_login(sender, request, user, **kwargs) -> None:
    remember(request, user)
