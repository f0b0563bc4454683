"""Figures out of their column's range, planted as an older Rumbo or a hand edit left them (raw SQL, checks off).

Only SQLite can hold them: PostgreSQL refuses the write ("numeric field overflow"), which
`plant_all` asserts there instead, returning False so a test checks that and stops.
"""

from datetime import date

import pytest
from django.db import DataError, IntegrityError, connection, transaction
from django.utils import timezone

TOO_BIG = "1E+14"  # 15 integer digits: one more than a max_digits=20, decimal_places=6 column holds
PLANTED_PERIOD = date(2025, 2, 1)


def _write(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA ignore_check_constraints=ON")  # the figure checks added since would refuse it
            try:
                cursor.execute(sql, params)
            finally:
                cursor.execute("PRAGMA ignore_check_constraints=OFF")
        else:
            cursor.execute(sql, params)


def plant(sql: str, params: list) -> bool:
    """Run the write on SQLite (True); on PostgreSQL assert the database refuses it (False)."""
    if connection.vendor == "sqlite":
        _write(sql, params)
        return True
    with pytest.raises((DataError, IntegrityError)), transaction.atomic():
        _write(sql, params)
    return False


def plant_value(kpi, period: date = PLANTED_PERIOD, raw: str = TOO_BIG) -> int | None:
    """A new value of `kpi` out of range; its id (None on PostgreSQL, which refused it)."""
    inserted = plant(
        "INSERT INTO kpis_measurement (kpi_id, period, value, note, source, source_detail, updated_at, version) "
        "VALUES (%s, %s, %s, '', 'manual', '', %s, 1)",
        [kpi.pk, period, raw, timezone.now()],
    )
    if not inserted:
        return None
    from rumbo.kpis.models import Measurement

    return Measurement.objects.filter(kpi=kpi, period=period).values_list("pk", flat=True).get()


def plant_all(cast, *, history: bool = True) -> bool:
    """An out-of-range value (a new period), target and key-result target, and (`history`) one in a value's history."""
    if plant_value(cast.kpi) is None:
        return False
    target = cast.kpi.targets.get()
    plant("UPDATE kpis_target SET value = %s WHERE id = %s", [TOO_BIG, target.pk])
    plant("UPDATE okrs_keyresult SET target = %s WHERE id = %s", [TOO_BIG, cast.key_result.pk])
    if history:
        plant("UPDATE kpis_historicalmeasurement SET value = %s WHERE id = %s", [TOO_BIG, cast.measurement.pk])
    return True
