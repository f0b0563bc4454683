"""Writing many changed rows at once: one prepared UPDATE run for every row.

Django's `bulk_update` builds a CASE over every row for every field; for 5,000 values that
took over ten seconds on SQLite, where this takes a fraction of one, on PostgreSQL as well.
"""

from django.db import connections, router
from django.db.models import Model


def rows_update(*, model: type[Model], rows: list[Model], fields: list[str]) -> None:
    """Save these fields of `rows` (already in the database) by primary key, inside the caller's transaction."""
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(column.column)} = %s" for column in columns)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"
    params = [
        [column.get_db_prep_save(getattr(row, column.attname), connection) for column in columns] + [row.pk]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
