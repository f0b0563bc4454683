"""Whatever number arrives at a door (value form, spreadsheet import, API push, rumbo import), it is stored and the
KPI page shows it, or it is refused with a Spanish reason: never a server error, never a row that cannot be read.

A few dozen examples per door on every run (a few seconds); `make fuzz` draws ten times more (tests/fuzz.py).
"""

import re
from datetime import date
from decimal import Decimal

from click.testing import CliRunner
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from rumbo.api.services import token_create
from rumbo.cli import main
from rumbo.engine.numbers import format_figure, format_number
from rumbo.imports.services.values import value_import_create, values_commit
from rumbo.kpis.models import Measurement
from tests.fuzz import examples

DOOR = settings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
PERIOD = date(2025, 2, 1)
REFUSED = re.compile(r"demasiado grande|demasiado largo|no es un número")
EDGE = Decimal("1E+14")


def _texts(number: Decimal):
    """The ways a person or a system writes a number: plain, in Spanish with its dots and comma, as Python prints it."""
    places = max(-number.as_tuple().exponent, 0) if number.is_finite() else 0
    return st.sampled_from(
        [
            format(number, "f"),
            format_number(number, places),
            str(number),
            format_number(number, places).replace("−", "-"),
        ]
    )


NUMBERS = st.one_of(
    st.decimals(min_value=-(10**22), max_value=10**22, allow_nan=False, allow_infinity=False),  # huge and everyday
    st.decimals(min_value=-1, max_value=1, places=9),  # tiny, with more decimals than a column keeps
    st.decimals(min_value=-1, max_value=1, places=8).map(lambda e: EDGE + e),  # around 1e14
    st.decimals(min_value=-1, max_value=1, places=8).map(lambda e: -EDGE + e),
    st.integers(min_value=-(10**16), max_value=10**16).map(Decimal),
)
TYPED = NUMBERS.flatmap(_texts)
EDGES = [
    "99999999999999,9999999",
    "-99999999999999.9999999",
    "99.999.999.999.999,94",
    "99999999999999.97",
    "1E+14",
    "0,0000005",
]


def _stored_and_shown(client, cast) -> None:
    """The value was kept: it reads back, and the KPI page shows it as it formats values."""
    value = Measurement.objects.get(kpi=cast.kpi, period=PERIOD).value
    assert abs(value) < EDGE
    page = client.get(reverse("kpis:kpi_detail", args=[cast.coop.slug, cast.kpi.pk]))
    assert page.status_code == 200
    assert format_figure(value, cast.kpi.decimals, "es") in page.content.decode()


def _refused(messages: str, cast) -> None:
    assert REFUSED.search(messages), messages
    assert not Measurement.objects.filter(kpi=cast.kpi, period=PERIOD).exists()


def typed_numbers(*edges):
    """@given(typed=TYPED), with the `edges` always tried first."""

    def decorate(test):
        for edge in reversed(edges):
            test = example(typed=edge)(test)
        return given(typed=TYPED)(test)

    return decorate


def _rolled_back(check):
    with transaction.atomic():
        check()
        transaction.set_rollback(True)


@DOOR
@typed_numbers(EDGES[0], EDGES[2])
def test_the_value_form(as_editor, cast, typed):
    def check():
        url = reverse("kpis:kpi_value_add", args=[cast.coop.slug, cast.kpi.pk])
        response = as_editor.post(url, {"period": PERIOD.isoformat(), "value": typed, "note": ""})
        assert response.status_code in (302, 400), response.status_code
        if response.status_code == 302:
            _stored_and_shown(as_editor, cast)
        else:
            _refused(response.content.decode(), cast)

    _rolled_back(check)


def _csv(typed: str) -> bytes:
    return f"Indicador;Periodo;Valor\nVentas cerradas por mes;feb-2025;{typed}\n".encode()


@DOOR
@typed_numbers(EDGES[1], EDGES[3])
def test_the_spreadsheet_import(as_editor, cast, typed):
    def check():
        value_import = value_import_create(coop=cast.coop, data=_csv(typed), filename="valores.csv", user=cast.editor)
        result = values_commit(coop=cast.coop, import_=value_import, user=cast.editor)
        if value_import.failed:
            assert result.failed and not result.created
            _refused(" ".join(result.errors), cast)
        else:
            assert (result.created, result.failed) == (1, 0), result
            _stored_and_shown(as_editor, cast)

    _rolled_back(check)


@DOOR
@given(typed=TYPED, as_json_number=st.booleans())
@example(typed="-99999999999999.9999999", as_json_number=True)
@example(typed="99999999999999.9999999", as_json_number=True)
def test_the_api_push(as_editor, client, cast, typed, as_json_number):
    def check():
        key = token_create(coop=cast.coop, name="Báscula", can_write=True, user=cast.admin)[1]
        number = as_json_number and re.fullmatch(r"-?\d+(\.\d+)?([eE][+-]?\d+)?", typed)
        body = f'[{{"period": "{PERIOD.isoformat()}", "value": {typed if number else chr(34) + typed + chr(34)}}}]'
        url = "/api/v1/c/coop-a/kpis/ventas_cerradas/values"
        response = client.post(url, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")
        assert response.status_code in (200, 422), (response.status_code, body)
        if response.status_code == 200:
            _stored_and_shown(as_editor, cast)
            assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
        else:
            _refused(response.json()["detail"], cast)

    _rolled_back(check)


@DOOR
@given(typed=TYPED)
@example(typed=EDGES[0])
@example(typed=EDGES[4])
def test_the_command_line_import(as_editor, cast, tmp_path, typed):
    path = tmp_path / "valores.csv"
    path.write_bytes(_csv(typed))

    def check():
        result = CliRunner().invoke(main, ["import", "values", "--coop", "coop-a", str(path)])
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        if result.exit_code == 0:
            _stored_and_shown(as_editor, cast)
        else:
            _refused(result.output, cast)

    _rolled_back(check)
