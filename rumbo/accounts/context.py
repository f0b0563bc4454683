"""Template context shared by every page: the cooperatives the user can switch between."""

from django.utils.functional import SimpleLazyObject


def memberships(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"my_memberships": SimpleLazyObject(lambda: list(user.memberships.select_related("cooperative")))}
