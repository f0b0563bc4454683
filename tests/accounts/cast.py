"""Accounts for the shared cast: an invitation of cooperative A still waiting for its answer."""


def add_invitations(cast) -> None:
    from rumbo.accounts.models import Invitation

    cast.invitation = Invitation.objects.create(
        cooperative=cast.coop, email="elena@example.org", role="viewer", invited_by=cast.admin
    )
