"""Editions of a cooperative's data: every write makes a new one, so a page rendered for an edition can be kept.

A row that belongs to a cooperative reaches it through its `cooperative` field, or through the path
its model names in `cooperative_via` ("kpi", "key_result.objective", "memberships" for a person,
whose name shows in a cooperative's history). Saving or deleting such a row, one at a time, adds an
edition in the same transaction (the signals connected in `connect`). A write in bulk sends no
signal, so the services that write in bulk (the value writer, the refresh of forecasts, lead checks
and impact estimates) write inside `one_edition`, which makes one edition for the whole batch and
spares a row-by-row edition for the rows it deletes. The computed rows that only their refresh
writes (`written_in_bulk`) have no signal at all, which keeps their deletes a single query.
tests/orgs/test_editions.py checks that every model is covered.

An edition is a random token, never a counter: a rolled-back transaction, a restored backup or a
test database made anew can never bring back a token whose pages showed other data.
"""

import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db import connections, router
from django.db.models import Max, Model
from django.db.models.signals import post_delete, post_save

from rumbo.accounts import gate
from rumbo.orgs.models import Cooperative, Edition

# Rows no kept page shows: the file store's (they belong to whoever points to them), the webhooks' and
# the API keys' activity and kept answers, which show only on their own pages, never kept (a delivery
# or an answer must not make the cooperative's pages anew).
OUTSIDE = {
    "api.ApiActivity",
    "api.IdempotentAnswer",
    "files.Blob",
    "files.StoredFile",
    "orgs.Edition",
    "hooks.Webhook",
    "hooks.Delivery",
    "hooks.StatusAnnounced",
    "hooks.CheckInDueAnnounced",
}


def renew(cooperative_ids: Iterable[int]) -> None:
    """A new edition of each of these cooperatives' data, in the caller's transaction."""
    Edition.objects.bulk_create(
        [Edition(cooperative_id=pk, token=secrets.token_hex(16)) for pk in sorted(set(cooperative_ids))]
    )


_in_batch: ContextVar[bool] = ContextVar("edition_in_batch", default=False)


@contextmanager
def one_edition(cooperative_ids: Iterable[int]) -> Iterator[None]:
    """Write many rows of these cooperatives, in the caller's transaction, under one new edition."""
    renew(cooperative_ids)
    entered = _in_batch.set(True)
    try:
        yield
    finally:
        _in_batch.reset(entered)


_AT_GATE = "_edition_read_at_gate"


def read_at_gate(coop: Cooperative) -> str | None:
    """The edition read with the person's memberships when this request began (accounts/gate.py), else read now.

    For a GET, which writes nothing: the edition is the same at the gate and in the view.
    """
    if hasattr(coop, _AT_GATE):
        return getattr(coop, _AT_GATE)
    return current(coop.pk)


def current(cooperative_id: int) -> str | None:
    """The token of the cooperative's newest edition; None before its first write.

    Asked on every view of a kept page, so written as the one indexed lookup it is.
    """
    table, using = Edition._meta.db_table, router.db_for_read(Edition)
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT token FROM {table} WHERE cooperative_id = %s ORDER BY id DESC LIMIT 1", [cooperative_id]
        )
        row = cursor.fetchone()
    return row[0] if row else None


def prune() -> int:
    """Forget every edition but the newest of each cooperative; returns how many rows went."""
    newest = Edition.objects.values("cooperative_id").annotate(newest=Max("id")).values("newest")
    deleted, _ = Edition.objects.exclude(id__in=newest).delete()
    return deleted


def cooperatives_of(row: Model) -> set[int]:
    """The cooperatives this row belongs to (none for a row outside them)."""
    if isinstance(row, Cooperative):
        return {row.pk}
    path = getattr(row, "cooperative_via", None)
    if path is None:
        own = getattr(row, "cooperative_id", None)
        return {own} if own else set()
    found: list[object] = [row]
    for name in path.split("."):
        reached: list[object] = []
        for item in found:
            try:
                value = getattr(item, name)
            except ObjectDoesNotExist:  # a parent deleted in the same cascade
                continue
            reached.extend(value.all() if hasattr(value, "all") else [value] if value is not None else [])
        found = reached
    return {pk for item in found if (pk := getattr(item, "cooperative_id", None))}


def followed() -> list[type[Model]]:
    """The models whose rows belong to a cooperative and show on its pages."""
    return [
        model
        for model in apps.get_models()
        if model.__module__.startswith("rumbo.")
        and model._meta.label not in OUTSIDE
        and not model.__name__.startswith("Historical")  # written with the row they copy
    ]


def _on_save(sender, instance: Model, update_fields=None, **kwargs) -> None:
    if _in_batch.get() or (update_fields and update_fields <= getattr(instance, "fields_not_shown", frozenset())):
        return  # the batch has its edition; a person signing in changes no page
    renew(cooperatives_of(instance))


def _on_delete(sender, instance: Model, **kwargs) -> None:
    if not _in_batch.get() and not isinstance(instance, Cooperative):  # a deleted cooperative has no pages left
        renew(cooperatives_of(instance))


def connect() -> None:
    table = Edition._meta.db_table
    gate.read_with_each_cooperative(
        _AT_GATE, f"(SELECT token FROM {table} e WHERE e.cooperative_id = c.id ORDER BY e.id DESC LIMIT 1)"
    )
    for model in followed():
        if getattr(model, "written_in_bulk", False):
            continue
        post_save.connect(_on_save, sender=model, dispatch_uid=f"edition-save-{model._meta.label}")
        post_delete.connect(_on_delete, sender=model, dispatch_uid=f"edition-delete-{model._meta.label}")
