"""The kinds that can go to the bin, each registered by its own app (in its AppConfig.ready), never imported here."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from rumbo.accounts.access import Acting
from rumbo.bin.models import Binnable

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass
class Step:
    """What a kind's own step did besides moving the row: other rows moved with it, and fields of the row it changed."""

    along: list = field(default_factory=list)
    fields: list[str] = field(default_factory=list)


Check = Callable[[Acting, Any], None]
Hook = Callable[..., Step]  # (row, *, user, who) -> Step; raises ValidationError to refuse


def _no_step(row, *, user, who) -> Step:
    return Step()


@dataclass(frozen=True)
class Kind:
    """One kind of row the bin holds, and what is particular to it.

    `check` is the access rule for moving a row to the bin and back (403 outside the acting
    person's areas); `on_delete` and `on_restore` refuse with a ValidationError or do what
    goes with the move; `on_purge` runs before a row is deleted for good.
    """

    key: str  # the kind's name in code, in the page's context and in a purge's counts
    slug: str  # the URL segment of its restore, in Spanish like every URL
    model: type[Binnable]
    heading: "StrOrPromise"
    empty: "StrOrPromise"
    restored: Callable[[Any], str]  # the message once a row is back
    check: Check
    position: int = 100
    on_delete: Hook = _no_step
    on_restore: Hook = _no_step
    on_purge: Callable[[Any], None] | None = None
    rows: Callable[[QuerySet], QuerySet] = lambda rows: rows  # what the page reads along (select_related)
    note: Callable[[Any], str] | None = None  # a second line on the page, e.g. the OKR cycle
    along_note: Callable[[Any], str] | None = None  # the message for each row that came back with it
    return_to: str = "bin:trash"  # the page a restore goes back to


_kinds: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    _kinds[kind.key] = kind


def kinds() -> list[Kind]:
    """Every registered kind, in the order the page and the purge take them."""
    return sorted(_kinds.values(), key=lambda k: k.position)


def kind(key: str) -> Kind:
    return _kinds[key]


def kind_of(row: Binnable) -> Kind:
    for found in _kinds.values():
        if isinstance(row, found.model):
            return found
    raise LookupError(f"{type(row).__name__} is not registered with the bin")
