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


def per_file(name: str, build: Callable[[], Any]) -> tuple[Callable, Callable]:
    """The two fixtures of rows written once for a file: `_NAME_once` (module) and `NAME`, the test's own copy.

    In the test file: `_net_once, net = per_file("net", lambda: built(5))`.
    """
    import inspect

    import pytest

    once_name = f"_{name}_once"

    @pytest.fixture(scope="module", name=once_name)
    def once(request, django_db_setup, django_db_blocker):
        yield from written_once(request, django_db_blocker, name, build)

    def each(**fixtures):
        return own_copy(fixtures[once_name], build)

    # Asked for by name, so pytest writes the file's rows before the test's own transaction starts.
    arguments = ("db", once_name)
    each.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter(arg, inspect.Parameter.POSITIONAL_OR_KEYWORD) for arg in arguments]
    )
    return once, pytest.fixture(name=name)(each)
