"""Template context shared by every page: the cooperatives the user can switch between."""

from django.utils.functional import SimpleLazyObject

from rumbo.accounts.gate import memberships_of


def memberships(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    read = getattr(request, "memberships", None)  # a cooperative's page read them with the membership
    if read is not None:
        return {"my_memberships": read}
    return {"my_memberships": SimpleLazyObject(lambda: memberships_of(user.pk))}
