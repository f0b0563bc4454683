"""Upgrading a database whose addresses were stored with capitals: they become small letters, or the upgrade says why not."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("accounts", "0001_initial")]
AFTER = [("accounts", "0002_addresses_are_unique_in_any_case")]


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def _people():
    with connection.cursor() as cursor:
        cursor.execute("SELECT username, email FROM accounts_user ORDER BY id")
        return cursor.fetchall()


def _add(executor, *addresses):
    User = executor.loader.project_state(BEFORE[0]).apps.get_model("accounts", "User")
    for address in addresses:
        User.objects.create(username=address, email=address, password="!")


@pytest.fixture
def old_database(transactional_db):
    executor = _migrate(BEFORE)
    yield executor
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM accounts_user")
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_the_upgrade_stores_addresses_in_small_letters(old_database):
    _add(old_database, "Ana@Example.org", "beto@example.org")
    _migrate(AFTER)
    assert _people() == [("ana@example.org", "ana@example.org"), ("beto@example.org", "beto@example.org")]


def test_two_accounts_differing_only_in_case_stop_the_upgrade_with_a_clear_message(old_database):
    _add(old_database, "ana@example.org", "ANA@example.org")
    with pytest.raises(RuntimeError, match=r"misma dirección «ana@example\.org» salvo mayúsculas"):
        _migrate(AFTER)
    assert _people() == [("ana@example.org", "ana@example.org"), ("ANA@example.org", "ANA@example.org")]
