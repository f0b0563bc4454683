"""Rows written once for a test file: the file's tests each start inside a transaction that holds them.

As Django's TestCase.setUpTestData does: a module-scoped fixture writes the rows inside a transaction that
the file's end rolls back, each test's own transaction is a savepoint inside it, and each test gets its own
copy of the objects. It applies only when every test of the file that reaches the database asks for the
fixture and none commits (live_server, transactional_db); otherwise the rows are written for each test.
"""

import copy
from collections.abc import Callable, Iterator
from typing import Any


def every_database_test_asks_for(name: str, module_items) -> bool:
    for item in module_items:
        names = getattr(item, "fixturenames", ())
        if {"transactional_db", "live_server", "django_db_reset_sequences", "django_db_serialized_rollback"} & set(
            names
        ):
            return False
        marker = item.get_closest_marker("django_db")
        committing = ("transaction", "reset_sequences", "serialized_rollback")
        if marker and (any(marker.kwargs.get(k) for k in committing) or marker.args[:1] == (True,)):
            return False
        if (marker or "db" in names) and name not in names:
            return False
    return True


def written_once(request, django_db_blocker, name: str, build: Callable[[], Any]) -> Iterator[Any]:
    """The body of a module-scoped fixture for the function-scoped fixture `name`: what `build()` returned, or None."""
    from django.db import transaction

    items = [item for item in request.session.items if getattr(item, "module", None) is request.module]
    if not every_database_test_asks_for(name, items):
        yield None
        return
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer._from_testcase = True  # a durable block inside stays allowed, as inside a test's own transaction
        outer.__enter__()
        try:
            yield build()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def own_copy(written: Any, build: Callable[[], Any]) -> Any:
    """For the test: its own copy of what the file wrote once, or `build()` when the file writes it for each test."""
    if written is None:
        return build()
    from django.conf import settings
    from django.core.cache import caches

    if "pages" in settings.CACHES:  # pages kept by an earlier test of the file were kept for these same rows
        caches["pages"].clear()
    return copy.deepcopy(written)
