"""Whatever date arrives at any door (value form, import, API, CLI, OKR cycle), Rumbo stores it and shows it, or refuses it in Spanish.

The dates run over all of Python's years (1–9999), written as ISO, as Spaniards write them
(31/12/2025) or with the month's name, with the edges of the admitted range (1900–2100)
always tried. A date of the range is stored and its page answers 200; any other is refused
with the range message; a text a door does not read is refused with that door's Spanish
message. Never a 5xx, never a traceback.
"""

import json
from datetime import date

import pytest
from click.testing import CliRunner
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from rumbo.cli import main
from rumbo.engine.timeline.dates import FIRST_DATE, LAST_DATE
from rumbo.engine.timeline.periods import MONTH_NAMES
from rumbo.kpis.models import Measurement
from rumbo.okrs.models import Cycle
from tests.factories import editors_kpi
from tests.fuzz import examples

# Each example is a page or a command: a few dozen per door keep the file to seconds; `make fuzz` draws ten times more.
DOORS = settings(
    max_examples=examples(25),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
EDGES = [date(1899, 12, 31), date(1900, 1, 1), date(2100, 12, 31), date(2101, 1, 1)]
DAYS = st.one_of(st.sampled_from(EDGES), st.dates(), st.dates(min_value=date(1880, 1, 1), max_value=date(2120, 12, 31)))
WAYS = st.sampled_from(["iso", "es", "month"])
NOT_A_DATE_FOR_A_FORM = "Introduzca una fecha válida."


def written(day: date, way: str) -> str:
    if way == "iso":
        return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"
    if way == "es":
        return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"
    return f"{MONTH_NAMES['es'][day.month - 1]} de {day.year:04d}"


def admitted(day: date) -> bool:
    return FIRST_DATE <= day <= LAST_DATE


def out_of_range(day: date) -> str:
    return f"La fecha {day.day:02d}/{day.month:02d}/{day.year:04d} está fuera del rango admitido (1900–2100)."


@pytest.fixture
def daily(cast):
    """A daily KPI of the editor's area: every day of the range is one of its periods."""
    return editors_kpi(cast, "llamadas", "Llamadas del día", unit="llamadas", frequency="day", aggregation="sum")


def _stored_and_shown(client, cast, kpi, day: date) -> None:
    assert Measurement.objects.filter(kpi=kpi, period=day).exists()
    assert client.get(reverse("kpis:kpi_detail", args=[cast.coop.slug, kpi.pk])).status_code == 200


@DOORS
@given(day=DAYS, way=WAYS)
@example(day=date(9999, 12, 1), way="iso")  # the tester's value form
def test_the_value_form(as_editor, cast, daily, day, way):
    with transaction.atomic():
        response = as_editor.post(
            reverse("kpis:kpi_value_add", args=[cast.coop.slug, daily.pk]), {"period": written(day, way), "value": "7"}
        )
        if way == "month":
            assert response.status_code == 400
            assert response.context["form"].errors["period"] == [NOT_A_DATE_FOR_A_FORM]
        elif admitted(day):
            assert response.status_code == 302
            _stored_and_shown(as_editor, cast, daily, day)
        else:  # on the field, or from the service for a day of 1899 (checked as the daily KPI's period)
            assert response.status_code == 400
            errors = response.context["form"].errors
            assert [m for messages in errors.values() for m in messages] == [out_of_range(day)]
        transaction.set_rollback(True)


def _import_outcome(day: date, way: str) -> str | None:
    """The problem the import reports for this period cell of the daily KPI (None: it imports)."""
    if not admitted(day.replace(day=1) if way == "month" else day):
        cell = written(day, way)
        return f"La fecha {cell} está fuera del rango admitido (1900–2100)."
    if way == "month":
        return "es un mes, pero «Llamadas del día» tiene un valor por día"
    return None


@DOORS
@given(day=DAYS, way=WAYS)
@example(day=date(9999, 12, 1), way="es")  # the tester's 01/12/9999
def test_the_import_page(as_editor, cast, daily, day, way):
    data = f"Indicador;Periodo;Valor\nLlamadas del día;{written(day, way)};7\n".encode()
    problem = _import_outcome(day, way)
    with transaction.atomic():
        upload = {"file": SimpleUploadedFile("llamadas.csv", data, content_type="text/csv")}
        preview = as_editor.post(reverse("imports:values", args=[cast.coop.slug]), upload, follow=True)
        assert preview.status_code == 200
        value_import = preview.context["imp"]
        commit = as_editor.post(reverse("imports:commit", args=[cast.coop.slug, value_import.pk]), follow=True)
        assert commit.status_code == 200
        if problem is None:
            _stored_and_shown(as_editor, cast, daily, day)
        else:
            assert "Fila 2, columna B (Periodo): " in preview.content.decode()
            assert problem in preview.content.decode() and problem in commit.content.decode()
            assert not Measurement.objects.filter(kpi=daily).exists()
        transaction.set_rollback(True)


@DOORS
@given(day=DAYS, way=WAYS)
@example(day=date(9999, 12, 1), way="es")
def test_the_cli_import(client, cast, daily, tmp_path_factory, day, way):
    path = tmp_path_factory.mktemp("cli") / "llamadas.csv"
    path.write_text(f"Indicador;Periodo;Valor\nLlamadas del día;{written(day, way)};7\n")
    problem = _import_outcome(day, way)
    with transaction.atomic():
        for dry_run in (["--dry-run"], []):
            result = CliRunner().invoke(main, ["import", "values", "--coop", "coop-a", str(path), *dry_run])
            assert isinstance(result.exception, SystemExit) or result.exception is None, result.exception
            assert "Traceback" not in result.output
            if problem is None:
                assert result.exit_code == 0, result.output
            else:
                assert result.exit_code == 2 and problem in result.output
        if problem is None:
            client.force_login(cast.editor)
            _stored_and_shown(client, cast, daily, day)
        transaction.set_rollback(True)


@DOORS
@given(day=DAYS)
@example(day=date(9999, 12, 1))  # the tester's push
def test_the_api_push(client, cast, daily, day):
    from rumbo.api.services import token_create

    with transaction.atomic():
        key = token_create(coop=cast.coop, name="Central", can_write=True, user=cast.admin)[1]
        response = client.post(
            f"/api/v1/c/coop-a/kpis/{daily.slug}/values",
            data=[{"period": written(day, "iso"), "value": "7"}],
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {key}",
        )
        if admitted(day):
            assert response.status_code == 200, response.content
            read = client.get(
                f"/api/v1/c/coop-a/kpis/{daily.slug}/values?limit=200", HTTP_AUTHORIZATION=f"Bearer {key}"
            )
            assert read.status_code == 200 and read.json()["items"][-1]["period"] == day.isoformat()
        else:
            assert response.status_code == 422
            assert out_of_range(day) in json.dumps(response.json(), ensure_ascii=False)
        transaction.set_rollback(True)


@DOORS
@given(day=DAYS, way=WAYS, field=st.sampled_from(["start", "end"]))
@example(day=date(9999, 12, 31), way="iso", field="end")  # the tester's cycle
def test_the_okr_cycle_form(as_admin, cast, day, way, field):
    dates = {"start": "1900-01-01", "end": "2100-12-31", field: written(day, way)}
    with transaction.atomic():
        response = as_admin.post(
            reverse("okrs:cycle_create", args=[cast.coop.slug]), {"name": "", **dates, "check_in_days": "7"}
        )
        if way == "month":
            assert response.status_code == 400 and response.context["form"].errors[field] == [NOT_A_DATE_FOR_A_FORM]
        elif not admitted(day):
            assert response.status_code == 400 and response.context["form"].errors[field] == [out_of_range(day)]
        elif day == (FIRST_DATE if field == "end" else LAST_DATE):
            assert (
                response.status_code == 400 and "El ciclo debe terminar después de empezar" in response.content.decode()
            )
        else:
            assert response.status_code == 302
            span = {"start": FIRST_DATE, "end": LAST_DATE, field: day}
            cycle = Cycle.objects.get(cooperative=cast.coop, **span)
            assert as_admin.get(response["Location"]).status_code == 200
            assert as_admin.get(reverse("okrs:review", args=[cast.coop.slug, cycle.pk])).status_code == 200
        transaction.set_rollback(True)
