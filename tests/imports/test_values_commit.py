"""Committing a kept import: all or nothing, exactly what the preview showed, with history, once."""

import hashlib
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from rumbo.imports.models import ValueImport
from rumbo.imports.services.values import ImportResult, value_import_create, values_commit
from rumbo.kpis.models import Kpi, Measurement
from rumbo.kpis.services import values as writer
from tests.imports.helpers import csv

D = date
FILE = csv(
    "Indicador;Periodo;Valor;Nota\n"
    "Ventas cerradas por mes;ene-2025;35;\n"  # as stored: left alone
    "Ventas cerradas por mes;feb-2025;41,5;feria\n"
    "Ventas cerradas por mes;mar-2025;1.234;\n"
)


def _import(cast, data=FILE, user=None, name="ventas 2025.csv"):
    return value_import_create(coop=cast.coop, data=data, filename=name, user=user or cast.admin)


def _values(kpi):
    return list(Measurement.objects.filter(kpi=kpi).order_by("period").values_list("period", "value", "note"))


def test_it_writes_what_the_preview_showed_and_counts_it(cast):
    value_import = _import(cast)
    assert (value_import.created, value_import.updated, value_import.unchanged) == (2, 0, 1)
    result = values_commit(coop=cast.coop, import_=value_import, user=cast.admin)
    assert result == ImportResult(total=3, created=2, updated=0, unchanged=1, failed=0, errors=[])
    assert _values(cast.kpi) == [
        (D(2025, 1, 1), Decimal(35), ""),
        (D(2025, 2, 1), Decimal("41.5"), "feria"),
        (D(2025, 3, 1), Decimal(1234), ""),
    ]
    value_import.refresh_from_db()
    assert (value_import.status, value_import.committed_by) == (ValueImport.Status.COMMITTED, cast.admin)


def test_every_change_is_in_the_value_history_with_the_file_it_came_from(cast):
    values_commit(coop=cast.coop, import_=_import(cast), user=cast.admin)
    Measurement.objects.filter(kpi=cast.kpi, period=D(2025, 2, 1)).update(value=40)  # someone fixes it by hand
    second = _import(cast, name="ventas 2025 (2).csv")
    assert (second.updated, second.unchanged) == (1, 2)
    values_commit(coop=cast.coop, import_=second, user=cast.editor)
    february = Measurement.objects.get(kpi=cast.kpi, period=D(2025, 2, 1))
    history = list(
        february.history.order_by("history_id").values_list("value", "source", "source_detail", "history_user")
    )
    assert history == [
        (Decimal("41.5"), "import", "ventas 2025.csv", cast.admin.pk),
        (Decimal("41.5"), "import", "ventas 2025 (2).csv", cast.editor.pk),
    ]


def test_importing_the_same_file_twice_changes_nothing_the_second_time(cast):
    values_commit(coop=cast.coop, import_=_import(cast), user=cast.admin)
    before = (_values(cast.kpi), Measurement.history.count())
    again = _import(cast)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert not again.can_commit
    result = values_commit(coop=cast.coop, import_=again, user=cast.admin)
    assert (result.ok, result.created, result.updated, result.unchanged) == (True, 0, 0, 3)
    assert (_values(cast.kpi), Measurement.history.count()) == before


def test_a_failure_after_the_values_were_written_leaves_nothing_at_all(cast, monkeypatch):
    real = writer.bulk_create_with_history

    def writes_then_fails(*args, **kwargs):
        real(*args, **kwargs)
        raise ValidationError("Otra persona cambió el valor.")

    monkeypatch.setattr(writer, "bulk_create_with_history", writes_then_fails)
    before = (_values(cast.kpi), Measurement.history.count())
    value_import = _import(cast)
    result = values_commit(coop=cast.coop, import_=value_import, user=cast.admin)
    assert (result.ok, result.errors) == (False, ["Otra persona cambió el valor."])
    assert (_values(cast.kpi), Measurement.history.count()) == before
    value_import.refresh_from_db()
    assert value_import.status == ValueImport.Status.PREVIEWED


def test_a_refused_value_is_named_by_its_row_and_nothing_is_written(cast, monkeypatch):
    real, calls = writer._check_version, []

    def refuses_the_second(*args):
        calls.append(args)
        if len(calls) == 2:
            raise ValidationError("Otra persona cambió el valor.")
        return real(*args)

    monkeypatch.setattr(writer, "_check_version", refuses_the_second)
    before = (_values(cast.kpi), Measurement.history.count())
    result = values_commit(coop=cast.coop, import_=_import(cast), user=cast.admin)
    assert (result.ok, result.errors) == (False, ["Fila 4: Otra persona cambió el valor."])
    assert (_values(cast.kpi), Measurement.history.count()) == before


def test_a_value_changed_after_the_preview_stops_the_commit_and_refreshes_the_preview(cast):
    value_import = _import(cast)
    Measurement.objects.create(kpi=cast.kpi, period=D(2025, 3, 1), value=Decimal(999))
    result = values_commit(coop=cast.coop, import_=value_import, user=cast.admin)
    assert result.errors == [
        "Los valores cambiaron desde la vista previa; revise la nueva vista previa y confirme otra vez."
    ]
    assert Measurement.objects.get(kpi=cast.kpi, period=D(2025, 3, 1)).value == Decimal(999)
    value_import.refresh_from_db()
    assert (value_import.created, value_import.updated, value_import.status) == (1, 1, ValueImport.Status.PREVIEWED)
    assert values_commit(coop=cast.coop, import_=value_import, user=cast.admin).ok  # the new preview is what is applied
    assert Measurement.objects.get(kpi=cast.kpi, period=D(2025, 3, 1)).value == Decimal(1234)


def test_a_kpi_removed_after_the_preview_turns_the_import_into_a_failed_one(cast):
    value_import = _import(cast)
    Kpi.objects.filter(pk=cast.kpi.pk).update(deleted_at="2025-06-01T00:00Z")
    assert not values_commit(coop=cast.coop, import_=value_import, user=cast.admin).ok
    value_import.refresh_from_db()
    assert value_import.status == ValueImport.Status.FAILED
    assert not Measurement.objects.filter(kpi=cast.kpi, period=D(2025, 2, 1)).exists()


def test_an_import_is_applied_once(cast):
    value_import = _import(cast)
    values_commit(coop=cast.coop, import_=value_import, user=cast.admin)
    again = values_commit(coop=cast.coop, import_=value_import, user=cast.admin)
    assert again.errors == ["Esta importación ya se aplicó."]


def test_the_editor_who_commits_must_be_allowed_the_kpis_areas(cast):
    finance = Kpi.objects.create(
        cooperative=cast.coop, slug="liquidez", name="Liquidez", area="finanzas", frequency="month"
    )
    value_import = _import(cast, csv("Indicador;Periodo;Valor\nLiquidez;ene-2025;1,2\n"), user=cast.admin)
    assert value_import.can_commit
    assert not values_commit(coop=cast.coop, import_=value_import, user=cast.editor).ok
    assert not finance.measurements.exists()


def test_the_uploaded_file_is_kept_as_it_came_under_a_safe_name(cast):
    value_import = _import(cast, name="C:\\Mis documentos\\Año 2025 <ventas>.csv")
    assert value_import.filename == "Año 2025 <ventas>.csv"
    assert value_import.file.name.startswith(f"imports/{cast.coop.pk}/")
    assert value_import.file.name.endswith("/Ano_2025_ventas.csv")
    assert value_import.file.read() == FILE
    assert (value_import.size, value_import.sha256) == (len(FILE), hashlib.sha256(FILE).hexdigest())


def test_an_import_of_another_cooperative_is_refused(cast):
    with pytest.raises(ValueError):
        values_commit(coop=cast.other_coop, import_=_import(cast), user=cast.outsider)
