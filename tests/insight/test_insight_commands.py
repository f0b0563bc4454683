"""rumbo forecast | leading | impact | insight refresh: figures for machines, verdicts for people, Spanish errors."""

import csv
import io
import json

import pytest
from click.testing import CliRunner

from rumbo.cli import main
from rumbo.insight.models import InitiativeKpi, KpiForecast, LeadCheck
from tests.insight.helpers import FIRST, TODAY, leading_pair, monthly_kpi, months, seasonal_values


def rumbo(*args):
    return CliRunner().invoke(main, list(args))


def test_forecast_prints_period_forecast_low_high_as_csv(cast):
    monthly_kpi(cast, "ventas_mes", name="Ventas del mes")
    result = rumbo("forecast", "--coop", "coop-a", "--name", "Ventas del mes", "--horizon", "3", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.output)))
    assert rows[0] == ["period", "forecast", "low", "high"]
    assert [r[0] for r in rows[1:]] == ["2025-07-01", "2025-08-01", "2025-09-01"]
    assert all(float(low) <= float(mid) <= float(high) for _, mid, low, high in rows[1:])
    assert "," not in rows[1][1] and "." in rows[1][1]


def test_forecast_goes_to_the_end_of_the_target_by_default_and_json_tells_the_share(cast):
    monthly_kpi(cast, "ventas_mes")
    result = rumbo("forecast", "--coop", "coop-a", "--name", "ventas_mes", "--format", "json")
    found = json.loads(result.output)
    assert found["points"][-1]["period"] == "2025-12-01" and found["projection"]["target_end"] == "2025-12-31"
    assert found["sentence"].startswith("Al ritmo actual llegará a ~")


def test_bad_input_exits_non_zero_with_a_spanish_message(cast):
    assert "No existe la cooperativa «nada»" in rumbo("forecast", "--coop", "nada", "--name", "x").output
    missing = rumbo("forecast", "--coop", "coop-a", "--name", "no-existe")
    assert missing.exit_code != 0 and "no tiene ningún indicador «no-existe»" in missing.output
    short = rumbo("forecast", "--coop", "coop-a", "--name", "ventas_cerradas")
    assert short.exit_code != 0 and "tiene 1 periodos con datos y un pronóstico necesita al menos" in short.output
    same = rumbo("leading", "--coop", "coop-a", "--leading", "ventas_cerradas", "--lagging", "ventas_cerradas")
    assert same.exit_code != 0 and "Elija dos indicadores distintos" in same.output
    assert rumbo("impact", "--coop", "coop-a", "--initiative", "Nada").exit_code != 0


def test_leading_prints_lag_strength_p_value_and_verdict(cast):
    leading_pair(cast)
    text = rumbo("leading", "--coop", "coop-a", "--leading", "llamadas", "--lagging", "Ventas del mes").output
    assert "Desfase: 1 mes(es)" in text and "Fuerza: fuerte (correlación 0." in text
    assert "Valor p (Granger): 0.0" in text and "Veredicto: anticipa con ~1 mes de adelanto (fuerte)" in text
    found = json.loads(
        rumbo(
            "leading",
            "--coop",
            "coop-a",
            "--leading",
            "mensajes",
            "--lagging",
            "ventas_cerradas_mes",
            "--max-lag",
            "2",
            "--format",
            "json",
        ).output
    )
    assert found["verdict"] == "no_lead" and found["threshold_p"] == 0.025 and found["periods"] == 48


def test_impact_prints_the_story_and_json_each_kpi(cast):
    lifted = [
        v * (1.3 if p.year == 2025 and p.month >= 3 else 1)
        for p, v in zip(months(FIRST, 42), seasonal_values(42, noise=2))
    ]
    kpi = monthly_kpi(cast, "conversaciones", values=lifted, name="Conversaciones")
    InitiativeKpi.objects.create(initiative=cast.initiative, kpi=kpi)
    text = rumbo("impact", "--coop", "coop-a", "--initiative", "campaña de verano").output
    assert "Tras el inicio de la campaña, «Conversaciones» subió ~30\xa0%" in text
    assert "- Conversaciones: subió · +30\xa0% (entre +" in text
    found = json.loads(
        rumbo("impact", "--coop", "coop-a", "--initiative", "Campaña de verano", "--format", "json").output
    )
    assert found["kpis"][0]["verdict"] == "up" and 0.25 < found["kpis"][0]["relative"] < 0.35


def test_insight_refresh_computes_what_changed_and_keeps_the_rest(cast):
    leading_pair(cast)
    first = rumbo("insight", "refresh", "--coop", "coop-a")
    assert (
        first.exit_code == 0
        and "coop-a: 4 pronósticos recalculados, 0 vigentes; 2 pruebas recalculadas" in first.output
    )
    assert KpiForecast.objects.filter(kpi__cooperative=cast.coop).count() == 4 and LeadCheck.objects.count() == 2
    assert "0 pronósticos recalculados, 4 vigentes" in rumbo("insight", "refresh", "--coop", "coop-a").output


def test_insight_refresh_queued_for_a_worker(cast):
    leading_pair(cast)
    queued = rumbo("insight", "refresh", "--queue", "--coop", "coop-a")
    assert queued.exit_code == 0 and "1 cooperativas en la cola; 0 ya esperaban su turno." in queued.output
    # The tests' task backend runs it at once; tests/insight/test_worker.py runs a real worker.
    assert KpiForecast.objects.filter(kpi__cooperative=cast.coop).count() == 4 and LeadCheck.objects.count() == 2


@pytest.mark.django_db
def test_the_commands_work_on_a_new_site():
    assert rumbo("coop", "create", "cafe-norte", "--name", "Café del Norte").exit_code == 0
    refreshed = rumbo("insight", "refresh")
    assert refreshed.exit_code == 0 and "cafe-norte: 0 pronósticos recalculados, 0 vigentes" in refreshed.stdout
    missing = rumbo("forecast", "--coop", "cafe-norte", "--name", "ventas")
    assert missing.exit_code != 0 and "no tiene ningún indicador «ventas»" in missing.stderr


def test_a_worker_queues_a_refresh_of_every_cooperative_once_a_day(cast):
    from rumbo.cli.worker import refresh_on_a_new_day

    monthly_kpi(cast, "ventas_mes")
    assert refresh_on_a_new_day(None) == TODAY  # on start: the tests' task backend runs it at once
    assert KpiForecast.objects.filter(kpi__slug="ventas_mes", kpi__cooperative=cast.coop).exists()
    KpiForecast.objects.all().delete()
    assert refresh_on_a_new_day(TODAY) == TODAY and not KpiForecast.objects.exists()  # the same day: nothing queued
