"""`rumbo doctor`: every stored figure out of range, in every table, with where it is; exit 1 until none is left."""

from decimal import Decimal

from click.testing import CliRunner

from rumbo.cli import main
from rumbo.kpis.models import Measurement
from rumbo.kpis.services.definitions import TargetInput, kpi_save
from rumbo.kpis.services.values import value_record, value_remove
from rumbo.okrs.models import KeyResult
from rumbo.okrs.services.objectives import key_result_delete
from tests.kpis.unreadable import PLANTED_PERIOD, plant_all, plant_value


def _doctor():
    return CliRunner().invoke(main, ["doctor"])


def test_it_is_clean_on_a_sound_database(cast):
    result = _doctor()
    assert result.exit_code == 0, result.output
    assert "Todo en orden" in result.output


def test_it_lists_each_unreadable_figure_and_is_clean_once_they_are_corrected_or_deleted(cast):
    if not plant_all(cast, history=False):
        assert _doctor().exit_code == 0  # PostgreSQL refused them: nothing to find
        return
    result = _doctor()
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert any(
        line.startswith("coop-a · valor · «Ventas cerradas por mes» · 2025-02-01 · value = 100000000000000")
        and "kpis_measurement #" in line
        for line in lines
    ), result.output
    assert any(
        line.startswith("coop-a · meta · «Ventas cerradas por mes» · 2025-01-01–2026-12-31 · value = 100000000000000")
        for line in lines
    ), result.output
    assert any(
        line.startswith("coop-a · resultado clave · «Nuevos compradores» · target = 100000000000000") for line in lines
    ), result.output
    assert "Se encontraron 3 cifras ilegibles (3 en datos vigentes, 0 en el historial)" in result.output

    planted = Measurement.objects.get(kpi=cast.kpi, period=PLANTED_PERIOD)
    value_record(kpi=cast.kpi, period=PLANTED_PERIOD, value="41", user=cast.editor, version=planted.version)
    target = cast.kpi.targets.get()
    kpi_save(
        kpi=cast.kpi, targets=[TargetInput(start=target.start, end=target.end, value=Decimal(40))], user=cast.editor
    )
    key_result_delete(key_result=KeyResult.objects.get(pk=cast.key_result.pk), user=cast.editor)
    result = _doctor()
    assert result.exit_code == 0, result.output
    assert "Todo en orden" in result.output


def test_it_lists_the_history_too_and_a_deleted_value_leaves_the_live_tables(cast):
    other = plant_value(cast.kpi)
    if other is None:
        return
    from tests.kpis.unreadable import TOO_BIG, plant

    plant("UPDATE kpis_historicalmeasurement SET value = %s WHERE id = %s", [TOO_BIG, cast.measurement.pk])
    result = _doctor()
    assert result.exit_code == 1
    assert (
        "coop-a · historial de valor · «Ventas cerradas por mes» · 2025-01-01 · value = 100000000000000"
        in result.output
    )
    assert "(1 en datos vigentes, 1 en el historial)" in result.output
    value_remove(measurement=Measurement.objects.get(pk=other), user=cast.editor)
    assert "(0 en datos vigentes, 1 en el historial)" in _doctor().output
