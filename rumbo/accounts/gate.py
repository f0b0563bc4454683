"""What every signed-in page reads before its own work: the session, the person and their memberships.

Each is one plain, indexed SQL query, its rows made into the same model instances the ORM would
give. A page kept whole (orgs/fragments.py) costs little more than this gate, and the ORM spent
more time building these three queries than running them: 1,6 ms on SQLite and 2,6 ms on
PostgreSQL per request, against 0,4 and 1,1 ms in plain SQL (bench/gate.py).

- `SessionStore`: Django's database sessions (SESSION_ENGINE), read with one query.
- `PersonBackend`: Django's ModelBackend (passwords, permissions), the signed-in person read with one query.
- `memberships_of`: a person's memberships with their cooperatives, in the menu's order.
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
    """Django's ModelBackend; the signed-in person of a session is read with one plain query."""

    def get_user(self, user_id: Any) -> User | None:
        using = router.db_for_read(User)
        with connections[using].cursor() as cursor:
            cursor.execute(
                f"SELECT {_columns(User, 'u', using)} FROM {User._meta.db_table} u WHERE u.id = %s", [user_id]
            )
            row = cursor.fetchone()
        user = _made(User, using, row) if row else None
        return user if user is not None and self.user_can_authenticate(user) else None


def memberships_of(user_id: int) -> list[Membership]:
    """The person's memberships, each with its cooperative, ordered by the cooperative's name as the menu lists them."""
    using = router.db_for_read(Membership)
    cooperative = cast("type[Cooperative]", Membership._meta.get_field("cooperative").related_model)
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT {_columns(Membership, 'm', using)}, {_columns(cooperative, 'c', using)} "
            f"FROM {Membership._meta.db_table} m JOIN {cooperative._meta.db_table} c ON c.id = m.cooperative_id "
            f"WHERE m.user_id = %s ORDER BY c.name, m.id",
            [user_id],
        )
        rows = cursor.fetchall()
    width = len(Membership._meta.concrete_fields)
    found = []
    for row in rows:
        membership = _made(Membership, using, row[:width])
        membership.cooperative = _made(cooperative, using, row[width:])
        found.append(membership)
    return found
