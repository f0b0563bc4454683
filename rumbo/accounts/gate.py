"""What every signed-in page reads before its own work: the session, the person and their memberships.

Two plain, indexed SQL queries (the session; the person with their memberships and cooperatives),
their rows made into the same model instances the ORM would give. A page kept whole
(orgs/fragments.py) costs little more than this gate. The ORM spent more time building its three
queries than running them: 1,4 ms on SQLite and 2,2 ms on PostgreSQL per request, against 0,3 and
0,8 ms now (bench/gate.py).

- `SessionStore`: Django's database sessions (SESSION_ENGINE), read with one query.
- `PersonBackend`: Django's ModelBackend (passwords, permissions), the signed-in person read with
  their memberships (and their cooperatives) in one query, kept for `memberships_at_gate`.
- `memberships_of`: a person's memberships with their cooperatives, in the menu's order.
- `read_with_each_cooperative`: what an app above asks on every page about a cooperative (orgs: the edition
  of its data) read in the same query, so a page kept whole costs the session and this one query.
"""

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model
from django.db.models.expressions import Col
from django.utils import timezone

from rumbo.accounts.models import Membership, User

if TYPE_CHECKING:
    from rumbo.orgs.models import Cooperative

M = TypeVar("M", bound=Model)
_READ_AT_GATE = "_memberships_read_at_gate"  # where PersonBackend leaves the memberships it read with the person
_WITH_EACH_COOPERATIVE: dict[str, str] = {}  # attribute set on each cooperative -> the SQL that reads it


def read_with_each_cooperative(attribute: str, sql: str) -> None:
    """Read `sql`, an SQL expression on the person's cooperative `c`, with each of their memberships.

    The value is set on the cooperative instance as `attribute`; a cooperative read any other way lacks it.
    Registered by an app above this one when it starts (AppConfig.ready).
    """
    _WITH_EACH_COOPERATIVE[attribute] = sql


@lru_cache(maxsize=64)
def _columns(model: type[Model], alias: str, using: str) -> str:
    quote = connections[using].ops.quote_name
    return ", ".join(f"{alias}.{quote(str(f.column))}" for f in model._meta.concrete_fields)


def _made(model: type[M], using: str, row: Sequence[Any]) -> M:
    """The row's values turned into Python's as the ORM turns them (dates, decimals, JSON), then the instance."""
    connection = connections[using]
    values = list(row)
    for i, column, converters in _converters(model, connection):
        for convert in converters:
            values[i] = convert(values[i], column, connection)
    return model.from_db(using, [f.attname for f in model._meta.concrete_fields], values)


@lru_cache(maxsize=64)
def _converters(model: type[Model], connection: BaseDatabaseWrapper) -> list[tuple[int, Col, list[Callable]]]:
    """For each of the model's columns that needs it, the ORM's converters on this connection."""
    found = []
    for i, field in enumerate(model._meta.concrete_fields):
        column = field.get_col(model._meta.db_table)
        converters = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if converters:
            found.append((i, column, converters))
    return found


def _now(using: str) -> Any:
    """This instant as the database stores a date and time."""
    return connections[using].ops.adapt_datetimefield_value(timezone.now())


class SessionStore(db.SessionStore):
    """Django's database sessions; a session is read with one plain query."""

    def load(self) -> dict[str, Any]:
        using = router.db_for_read(Session)
        with connections[using].cursor() as cursor:
            cursor.execute(
                f"SELECT session_data FROM {Session._meta.db_table} WHERE session_key = %s AND expire_date > %s",
                [self.session_key, _now(using)],
            )
            row = cursor.fetchone()
        if row is None:  # none, or ended: a new session will be made
            self._session_key = None
            return {}
        return self.decode(row[0])


class PersonBackend(ModelBackend):
    """Django's ModelBackend; the signed-in person of a session is read with their memberships in one plain query."""

    def get_user(self, user_id: Any) -> User | None:
        user, memberships = _person_with_memberships(user_id)
        if user is None or not self.user_can_authenticate(user):
            return None
        setattr(user, _READ_AT_GATE, memberships)
        return user


def memberships_at_gate(user: User) -> list[Membership]:
    """The signed-in person's memberships as the gate read them with the person, once; else read now."""
    read = getattr(user, _READ_AT_GATE, None)
    if read is None:
        return memberships_of(user.pk)
    delattr(user, _READ_AT_GATE)  # a later reading in this request sees what the request may have changed
    return read


def memberships_of(user_id: int) -> list[Membership]:
    """The person's memberships, each with its cooperative, ordered by the cooperative's name as the menu lists them."""
    return _person_with_memberships(user_id)[1]


def _person_with_memberships(user_id: Any) -> tuple[User | None, list[Membership]]:
    using = router.db_for_read(User)
    cooperative = cast("type[Cooperative]", Membership._meta.get_field("cooperative").related_model)
    extra = "".join(f", {sql}" for sql in _WITH_EACH_COOPERATIVE.values())
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT {_columns(User, 'u', using)}, {_columns(Membership, 'm', using)}, {_columns(cooperative, 'c', using)}"
            f"{extra} FROM {User._meta.db_table} u "
            f"LEFT JOIN {Membership._meta.db_table} m ON m.user_id = u.id "
            f"LEFT JOIN {cooperative._meta.db_table} c ON c.id = m.cooperative_id "
            f"WHERE u.id = %s ORDER BY c.name, m.id",
            [user_id],
        )
        rows = cursor.fetchall()
    if not rows:
        return None, []
    person, width = len(User._meta.concrete_fields), len(Membership._meta.concrete_fields)
    extras = len(rows[0]) - len(_WITH_EACH_COOPERATIVE)  # where the columns read for an app above start
    memberships = []
    for row in rows:
        if row[person] is None:  # the one row of a person in no cooperative
            continue
        membership = _made(Membership, using, row[person : person + width])
        membership.cooperative = _made(cooperative, using, row[person + width : extras])
        for attribute, value in zip(_WITH_EACH_COOPERATIVE, row[extras:]):
            setattr(membership.cooperative, attribute, value)
        memberships.append(membership)
    return _made(User, using, rows[0][:person]), memberships
