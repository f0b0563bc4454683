"""Who may see and do what in which cooperative: the one gate every cooperative page goes through."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404

from rumbo.accounts.models import Membership, Role


def membership_for(user, coop_slug: str) -> Membership:
    """The user's membership in the cooperative, or 404: an outsider cannot even learn it exists."""
    membership = Membership.objects.select_related("cooperative").filter(user=user, cooperative__slug=coop_slug).first()
    if membership is None:
        raise Http404
    return membership


def coop_view(role: str = Role.VIEWER):
    """Resolve `coop_slug` to `request.coop` for members with at least `role`; others get 404 or 403."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, coop_slug, *args, **kwargs):
            membership = membership_for(request.user, coop_slug)
            if not membership.allows(role):
                raise PermissionDenied
            request.membership = membership
            request.coop = membership.cooperative
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
