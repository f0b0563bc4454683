"""Who may see and do what in which cooperative: the one gate every cooperative page goes through.

The page gate (`coop_view`) checks the role. The rule «an editor changes only what belongs
to their areas» is here too, and the services apply it themselves with the acting
membership: a page, the API, the command line and the importer all meet the same check.
Who acts is a `Membership`, or an `Operator` for those who act without one (the command
line, run by whoever runs the server, and an API key, which has no areas yet).
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import wraps
from typing import Any, Concatenate, ParamSpec, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from rumbo.accounts.areas import Area
from rumbo.accounts.gate import memberships_at_gate
from rumbo.accounts.models import Membership, Role
from rumbo.accounts.requests import CoopRequest

P = ParamSpec("P")


@dataclass(frozen=True)
class Operator:
    """Someone who acts on the whole cooperative without a membership."""

    name: str
    role: str = Role.ADMIN
    areas: tuple = ()
    user_id: None = None
    cooperative_id: int | None = None  # the one cooperative it acts in; None for every one (the command line)

    def allows(self, role: str) -> bool:
        return True

    def can_edit_area(self, area: str) -> bool:
        return True


COMMAND_LINE = Operator("command line")
API_KEY = Operator("api key")  # keys have no areas yet: a key with write access writes every KPI

Acting = Membership | Operator


class AreaDenied(PermissionDenied):
    """A change refused because it touches an area the acting person does not edit; the message says which."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


def memberships_with(user, coop_slug: str) -> tuple[Membership, list[Membership]]:
    """The user's membership in the cooperative, or 404 (an outsider cannot even learn it exists), and all of
    the user's memberships, which the menu lists: one query for both."""
    mine = memberships_at_gate(user)
    for membership in mine:
        if membership.cooperative.slug == coop_slug:
            return membership, mine
    raise Http404


def coop_view(
    role: str = Role.VIEWER,
) -> Callable[
    [Callable[Concatenate[CoopRequest, P], HttpResponse]], Callable[Concatenate[HttpRequest, str, P], HttpResponse]
]:
    """Resolve `coop_slug` to `request.coop` for members with at least `role`; others get 404 or 403."""

    def decorator(
        view: Callable[Concatenate[CoopRequest, P], HttpResponse],
    ) -> Callable[Concatenate[HttpRequest, str, P], HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, coop_slug: str, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            membership, mine = memberships_with(request.user, coop_slug)
            if not membership.allows(role):
                raise PermissionDenied
            inside = cast(CoopRequest, request)  # the same request, now known to be a member's
            inside.membership, inside.memberships = membership, mine
            inside.coop = membership.cooperative
            return view(inside, *args, **kwargs)

        return wrapper

    return decorator


def acting(coop, user=None, membership: Acting | None = None) -> Acting:
    """Who acts in `coop`: the membership given, else the user's own; no user at all is the command line.

    A user who is not a member, or a membership of another cooperative, is refused.
    """
    if membership is not None:
        if isinstance(membership, Operator) and membership.cooperative_id is None:
            return membership
        if coop is not None and membership.cooperative_id != getattr(coop, "pk", coop):
            raise PermissionDenied(_("Usted no es miembro de esta cooperativa."))
        return membership
    if user is None:
        return COMMAND_LINE
    found = Membership.objects.filter(user=user, cooperative=coop).first()
    if found is None:
        raise PermissionDenied(_("Usted no es miembro de esta cooperativa."))
    return found


def area_label(area: str) -> str:
    if not area:
        return _("toda la cooperativa")
    return str(Area(area).label) if area in Area.values else area


def areas_text(areas: Iterable[str]) -> str:
    return ", ".join(area_label(a) for a in sorted(set(areas), key=area_label))


def can_edit_area(who: Acting, area: str) -> bool:
    """Admins edit every area; editors the areas given to them (all when none given); viewers none."""
    return who.can_edit_area(area)


def can_edit_owned(who: Acting, *, area: str, owner_id: int | None) -> bool:
    """What an editor may change besides their areas: what they own (OKR objectives)."""
    if who.role == Role.ADMIN:
        return True
    if who.role != Role.EDITOR:
        return False
    return (owner_id is not None and owner_id == who.user_id) or who.can_edit_area(area)


def blocked_areas(who: Acting, areas: Iterable[str]) -> list[str]:
    """The areas among `areas` that `who` may not edit."""
    return sorted({a for a in areas if not who.can_edit_area(a)})


def require_area(who: Acting, area: str) -> None:
    """Refuse (403) a change to something of an area `who` does not edit."""
    if not who.can_edit_area(area):
        raise AreaDenied(
            _("Usted no edita lo del área %(area)s; pídaselo a quien administra la cooperativa.")
            % {"area": area_label(area)}
        )


def require_areas(who: Acting, areas: Iterable[str], message: str | None = None) -> None:
    """Refuse (403) a change that reaches indicators of areas `who` does not edit; the message names them."""
    blocked = blocked_areas(who, areas)
    if blocked:
        text = message or _("Solo un administrador puede hacer este cambio: toca indicadores de %(areas)s.")
        raise AreaDenied(text % {"areas": areas_text(blocked)})


def require_new_area(who: Acting, area: str, field: str = "area") -> None:
    """A form error on `field` when a change would put something into an area `who` does not edit."""
    if not who.can_edit_area(area):
        mine = areas_text(who.areas) if who.areas else ""
        message = _("Usted no edita el área %(area)s.") % {"area": area_label(area)}
        if mine:
            message += " " + _("Elija una de las suyas: %(areas)s.") % {"areas": mine}
        raise ValidationError({field: [message]})


def require_owned(who: Acting, *, area: str, owner_id: int | None) -> None:
    """Refuse (403) a change to an objective `who` neither owns nor edits the area of."""
    if not can_edit_owned(who, area=area, owner_id=owner_id):
        raise AreaDenied(
            _(
                "Usted no edita lo del área %(area)s ni es la persona responsable; pídaselo a quien lo es o a "
                "quien administra la cooperativa."
            )
            % {"area": area_label(area)}
        )


def require_new_owned(who: Acting, *, area: str, owner_id: int | None, field: str = "area") -> None:
    """A form error on `field` when, after the change, `who` could no longer edit what they are changing."""
    if can_edit_owned(who, area=area, owner_id=owner_id):
        return
    message = _(
        "Con el área %(area)s y otra persona responsable, usted ya no podría editarlo: elija una de sus áreas "
        "o déjese como responsable."
    ) % {"area": area_label(area)}
    if who.areas:
        message += " " + _("Sus áreas: %(areas)s.") % {"areas": areas_text(who.areas)}
    raise ValidationError({field: [message]})


def require_owned_change(who: Acting, *, before: Mapping[str, Any] | None, area: str, owner_id: int | None) -> None:
    """Something with an area and an owner: `who` may change it as it was (`before`; 403) and still after (a form error).

    The error names the field that takes it out of their reach: the area when it moves, else the owner.
    """
    if before is not None:
        require_owned(who, area=before["area"], owner_id=before["owner_id"])
    moved = before is None or before["area"] != area
    require_new_owned(who, area=area, owner_id=owner_id, field="area" if moved else "owner")
