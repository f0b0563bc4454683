"""A figure stored out of its column's range (only SQLite can hold one) never turns a page into a 500.

Every page, export, API answer and PDF reads it as «ilegible», and an editor corrects or
deletes it from the interface. On PostgreSQL each test checks instead that the database
refused to store it (see tests/kpis/unreadable.py).
"""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from rumbo.api.services import token_create
from rumbo.kpis.models import Measurement, Target
from rumbo.okrs.models import KeyResult
from tests.accounts.test_url_walk import coop_urls
from tests.kpis.helpers import kpi_form_data, one_target_row
from tests.kpis.unreadable import PLANTED_PERIOD, plant_all, plant_value

MESSAGE = "Valor ilegible: fuera del rango que Rumbo puede guardar; corríjalo o bórrelo."


def _kpi_page(client, cast):
    return client.get(reverse("kpis:kpi_detail", args=[cast.coop.slug, cast.kpi.pk]))


def test_every_page_of_the_cooperative_answers_without_a_server_error(as_admin, cast):
    if not plant_all(cast):
        return
    for name, url in coop_urls(cast, cast.coop.slug):
        response = as_admin.get(url)
        assert response.status_code < 500, f"GET {name} {url} gave {response.status_code}"


def test_the_kpi_page_says_which_value_and_target_cannot_be_read(as_editor, cast):
    if not plant_all(cast):
        return
    page = _kpi_page(as_editor, cast)
    assert page.status_code == 200
    text = page.content.decode()
    assert MESSAGE in text and "guardado como 100000000000000" in text
    assert "Meta ilegible: fuera del rango que Rumbo puede guardar" in text
    assert "Tiene una cifra ilegible" in text  # the tile at the top of the page
    assert ">ilegible</a></td>" in text  # the values table, linked to the correction
    assert "<td>ilegible ventas</td>" in text  # the targets table
    assert ": ilegible</td>" in text  # the history of changes, whose first record was planted too
    # The engine reads the other values: 35 in January is still on the page.
    assert "35" in text


def test_the_board_tile_warns_of_the_unreadable_figure(as_viewer, cast):
    if not plant_all(cast):
        return
    board = as_viewer.get(reverse("kpis:board", args=[cast.coop.slug]))
    assert board.status_code == 200 and "Tiene una cifra ilegible" in board.content.decode()


def test_the_editor_corrects_the_value_through_the_form(as_editor, cast):
    if not plant_all(cast):
        return
    measurement = Measurement.objects.get(kpi=cast.kpi, period=PLANTED_PERIOD)
    assert measurement.value is None  # read as missing, not as an exception
    response = as_editor.post(
        reverse("kpis:kpi_value_add", args=[cast.coop.slug, cast.kpi.pk]),
        {"period": "2025-02-01", "value": "42", "note": "", "version": measurement.version},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    measurement.refresh_from_db()
    assert measurement.value == Decimal(42) and measurement.version == 2
    assert Measurement.history.filter(id=measurement.pk).latest("history_date").value == Decimal(42)
    text = _kpi_page(as_editor, cast).content.decode()
    assert MESSAGE not in text


def test_the_editor_deletes_an_unreadable_value_and_a_viewer_cannot(as_editor, client, cast):
    if not plant_all(cast):
        return
    other = plant_value(cast.kpi, period=date(2025, 3, 1))
    url = reverse("kpis:value_remove", args=[cast.coop.slug, other])
    client.force_login(cast.viewer)
    assert client.post(url).status_code == 403
    client.force_login(cast.editor)
    response = client.post(url, {"version": "1"})
    assert response.status_code == 302
    assert not Measurement.objects.filter(pk=other).exists()
    assert Measurement.history.filter(id=other, history_type="-").exists()
    assert Measurement.objects.filter(kpi=cast.kpi, period=PLANTED_PERIOD).exists()  # only the one asked for


def test_a_target_out_of_range_is_corrected_in_the_kpi_form(as_editor, cast):
    if not plant_all(cast):
        return
    url = reverse("kpis:kpi_edit", args=[cast.coop.slug, cast.kpi.pk])
    form = as_editor.get(url)
    assert form.status_code == 200 and "Meta del 01/01/2025 al 31/12/2026: cifra ilegible" in form.content.decode()
    data = kpi_form_data(cast, cast.kpi, **one_target_row("45"))
    response = as_editor.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Target.objects.get(kpi=cast.kpi).value == Decimal(45)


def test_a_key_result_target_out_of_range_shows_apart_and_is_corrected_in_its_form(as_editor, cast):
    if not plant_all(cast):
        return
    okr_page = as_editor.get(reverse("okrs:page", args=[cast.coop.slug]))
    assert okr_page.status_code == 200 and "Cifra ilegible: fuera del rango" in okr_page.content.decode()
    url = reverse("okrs:key_result_edit", args=[cast.coop.slug, cast.key_result.pk])
    assert "«meta»: cifra ilegible" in as_editor.get(url).content.decode()
    response = as_editor.post(
        url, {"title": cast.key_result.title, "kind": "number", "baseline": "10", "target": "60", "weight": "1"}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert KeyResult.objects.get(pk=cast.key_result.pk).target == Decimal(60)


def test_the_export_and_the_api_say_the_value_cannot_be_read(as_admin, client, cast):
    if not plant_all(cast):
        return
    export = as_admin.get(reverse("imports:export", args=[cast.coop.slug]) + "?formato=csv")
    assert export.status_code == 200
    row = next(line for line in export.content.decode("utf-8-sig").splitlines() if "01/02/2025" in line)
    assert row.split(";")[2] == "" and MESSAGE in row  # an empty cell, which an import skips, and why
    key = token_create(coop=cast.coop, name="Lector", can_write=False, user=cast.admin)[1]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    values = client.get(f"/api/v1/c/{cast.coop.slug}/kpis/{cast.kpi.slug}/values", **auth)
    assert values.status_code == 200
    by_period = {v["period"]: v for v in values.json()["items"]}
    assert by_period["2025-02-01"]["value"] is None and by_period["2025-02-01"]["unreadable"] is True
    assert by_period["2025-01-01"]["unreadable"] is False
    kpis = client.get(f"/api/v1/c/{cast.coop.slug}/kpis", **auth)
    assert kpis.status_code == 200 and kpis.json()["items"][0]["unreadable"] is True


def test_the_full_pdf_names_the_unreadable_figures(cast):
    if not plant_all(cast):
        return
    from rumbo.reports.presenters.assembly import Options
    from rumbo.reports.services.pdfs import assembly_pdf, full_pdf
    from tests.reports.helpers import pdf_pages

    text = " ".join(pdf_pages(full_pdf(coop=cast.coop, options=Options(as_of=timezone.localdate())).data))
    assert "Tiene una cifra ilegible" in text and "Cifra ilegible" in text
    assert (
        assembly_pdf(
            coop=cast.coop, options=Options(as_of=timezone.localdate()), produced_on=timezone.localdate()
        ).pages
        >= 1
    )


def test_the_metric_page_and_my_updates_say_the_value_cannot_be_read(as_editor, cast):
    if not plant_all(cast):
        return
    metric = as_editor.get(reverse("datasets:metric_detail", args=[cast.coop.slug, cast.kpi.pk])).content.decode()
    assert ">ilegible<" in metric and MESSAGE in metric
    assert as_editor.get(reverse("kpis:my_updates", args=[cast.coop.slug])).status_code == 200


def test_my_updates_says_the_due_value_cannot_be_read_and_takes_the_right_one(as_editor, cast):
    from rumbo.kpis import calendar

    due = calendar.due_period(cast.kpi, timezone.localdate())
    planted = plant_value(cast.kpi, period=due)
    if planted is None:
        return
    url = reverse("kpis:my_updates", args=[cast.coop.slug])
    page = as_editor.get(url)
    assert page.status_code == 200 and MESSAGE in page.content.decode()
    response = as_editor.post(
        url, {f"k{cast.kpi.pk}-value": "12", f"k{cast.kpi.pk}-note": "", f"k{cast.kpi.pk}-version": "1"}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Measurement.objects.get(pk=planted).value == Decimal(12)


def test_the_cli_export_counts_the_unreadable_values(cast, tmp_path):
    from click.testing import CliRunner

    from rumbo.cli import main

    if not plant_all(cast):
        return
    out = tmp_path / "valores.csv"
    result = CliRunner().invoke(main, ["export", "values", "--coop", "coop-a", "--format", "csv", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert (
        "valores ilegibles (fuera del rango que Rumbo puede guardar): 1, con la celda vacía y una nota" in result.output
    )


def test_a_check_in_is_kept_and_the_cycle_close_explains_the_unreadable_key_result(as_editor, cast):
    from rumbo.okrs.services.review import cycle_close

    if not plant_all(cast):
        return
    response = as_editor.post(
        reverse("okrs:check_in", args=[cast.coop.slug, cast.key_result.pk]),
        {"date": timezone.localdate().isoformat(), "value": "30", "confidence": "6", "comment": ""},
    )
    assert response.status_code == 302  # the check-in needs no target: it is kept for when the target is corrected
    with pytest.raises(ValidationError, match="«Nuevos compradores» tiene una cifra ilegible"):
        cycle_close(cycle=cast.okr_cycle, decisions=[], user=cast.admin)
