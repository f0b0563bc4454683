"""The requests our views receive: from a signed-in person, and inside a cooperative once `coop_view` let them in."""

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from rumbo.accounts.models import Membership, User
    from rumbo.orgs.models import Cooperative


class AuthenticatedHttpRequest(HttpRequest):
    """A request behind `login_required`: its user is a signed-in `User`, never the anonymous one."""

    user: "User"
    htmx: "HtmxDetails"  # set on every request by django-htmx's middleware


class CoopRequest(AuthenticatedHttpRequest):
    """A request to a cooperative's page: `coop_view` sets the member's `membership` and its `coop`."""

    membership: "Membership"
    memberships: "list[Membership]"  # all of the person's, for the menu
    coop: "Cooperative"
    edition: str | None  # set by a GET behind `kept_page`: the edition of the data it reads (rumbo/orgs/fragments.py)
