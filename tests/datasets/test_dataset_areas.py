"""A dataset that feeds indicators of an area an editor does not edit is theirs to read, not to change.

Seen by a tester: the Ventas editor uploaded a one-row «acopio» and «Producción total de café»
(area Producción, computed from it) went from 38 values to 1.
"""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rumbo.bin.services import bin_delete
from rumbo.datasets.models import Dataset, DatasetVersion
from rumbo.datasets.services.loading import dataset_load, dataset_retype
from rumbo.datasets.services.metrics import metric_define
from rumbo.datasets.services.recompute import metrics_recompute
from tests.datasets.conftest import csv_bytes, values_of
from tests.datasets.helpers import acopio_metric

HEADER = ("Fecha", "Socio", "Quintales")
MONTHS = [date(2023 + (m // 12), m % 12 + 1, 15) for m in range(38)]
ACOPIO = [(d.strftime("%d/%m/%Y"), f"Socio {i % 5}", str(10 + i)) for i, d in enumerate(MONTHS)]
ONE_ROW = [("15/01/2026", "Socio 1", "3")]
ADMIN_ONLY = "Solo un administrador puede cambiar estos datos: alimentan indicadores de Producción."


def acopio_bytes(rows=ACOPIO) -> bytes:
    return csv_bytes(rows, header=HEADER)


def ventas_metric_in_a_produccion_formula(cast):
    """«qq_vendidos» (Ventas) over «acopio», which the Producción formula «doble» uses."""
    shared = acopio_metric(cast, "qq_vendidos", area="ventas").kpi
    metric_define(coop=cast.coop, name="doble", formula="qq_vendidos * 2", area="produccion", user=cast.admin)
    return shared


@pytest.fixture
def produccion(cast):
    """«acopio» with 38 months loaded by the admin, and «Producción total de café» (Producción) computed from it."""
    dataset_load(coop=cast.coop, name="acopio", data=acopio_bytes(), filename="acopio.csv", user=cast.admin)
    defined = acopio_metric(cast, "Producción total de café", grain="month", area="produccion")
    assert len(values_of(defined.kpi)) == 38
    return defined.kpi


def acopio(cast) -> Dataset:
    return Dataset.objects.get(cooperative=cast.coop, key="acopio")


def upload(client, cast, mode="replace"):
    return client.post(
        reverse("datasets:upload", args=[cast.coop.slug]),
        {"name": "acopio", "mode": mode, "file": SimpleUploadedFile("acopio.csv", acopio_bytes(ONE_ROW))},
    )


@pytest.mark.parametrize("mode", ["replace", "append"])
def test_seen_the_ventas_editor_uploading_acopio_on_the_page_cannot_change_produccion(
    as_editor, cast, produccion, mode
):
    response = upload(as_editor, cast, mode)
    assert response.status_code == 403
    assert ADMIN_ONLY in response.text
    assert len(values_of(produccion)) == 38
    assert DatasetVersion.objects.filter(dataset=acopio(cast)).count() == 1


@pytest.mark.parametrize("by", ["user", "membership"])
def test_seen_the_service_refuses_the_ventas_editor_whoever_calls_it(cast, produccion, by):
    who = {"user": cast.editor} if by == "user" else {"user": cast.editor, "membership": cast.editor_membership}
    with pytest.raises(PermissionDenied, match="alimentan indicadores de Producción"):
        dataset_load(coop=cast.coop, name="acopio", data=acopio_bytes(ONE_ROW), filename="acopio.csv", **who)
    with pytest.raises(PermissionDenied):
        dataset_load(
            coop=cast.coop, name="Acopio", data=acopio_bytes(ONE_ROW), filename="acopio.csv", append=True, **who
        )
    assert len(values_of(produccion)) == 38


def test_the_admin_may_upload_it_and_that_changes_produccion(as_admin, cast, produccion):
    assert upload(as_admin, cast).status_code == 302
    assert len(values_of(produccion)) == 1


def test_the_command_line_acts_for_whoever_runs_the_server_and_may_upload_it(cast, produccion, tmp_path):
    """`rumbo dataset load` acts as no one in particular (it has no `--as`): the server's operator, every area."""
    from click.testing import CliRunner

    from rumbo.cli import main

    path = tmp_path / "acopio.csv"
    path.write_bytes(acopio_bytes(ONE_ROW))
    result = CliRunner().invoke(main, ["dataset", "load", "--coop", cast.coop.slug, "--name", "acopio", str(path)])
    assert result.exit_code == 0, result.output
    assert len(values_of(produccion)) == 1


def test_retyping_recomputing_and_deleting_it_are_refused_too(as_editor, cast, produccion):
    dataset = acopio(cast)
    retype = as_editor.post(
        reverse("datasets:dataset_retype", args=[cast.coop.slug, dataset.pk]),
        {"c0": "date", "c1": "text", "c2": "text"},
    )
    assert retype.status_code == 403
    assert as_editor.post(reverse("datasets:recompute", args=[cast.coop.slug])).status_code == 403
    with pytest.raises(PermissionDenied):
        dataset_retype(dataset=dataset, types={"Quintales": "texto"}, user=cast.editor)
    with pytest.raises(PermissionDenied):
        metrics_recompute(coop=cast.coop, dataset=dataset, user=cast.editor)
    with pytest.raises(PermissionDenied):
        metrics_recompute(coop=cast.coop, user=cast.editor)
    with pytest.raises(PermissionDenied):
        bin_delete(row=dataset, user=cast.editor)
    dataset.refresh_from_db()
    assert dataset.deleted_at is None and dataset.versions.count() == 1
    assert len(values_of(produccion)) == 38


def test_a_ventas_metric_that_a_produccion_formula_uses_cannot_be_changed_by_the_editor(cast, produccion):
    shared = ventas_metric_in_a_produccion_formula(cast)
    with pytest.raises(PermissionDenied, match="alimentan indicadores de Producción"):
        metric_define(
            coop=cast.coop, name=shared.slug, dataset="acopio", measure="count()", date="Fecha", user=cast.editor
        )
    with pytest.raises(PermissionDenied, match="Producción"):
        metric_define(
            coop=cast.coop, name=produccion.slug, dataset="acopio", measure="count()", date="Fecha", user=cast.editor
        )
    assert len(values_of(produccion)) == 38


def test_the_editor_may_still_define_a_metric_of_their_area_over_it(cast, produccion):
    defined = metric_define(
        coop=cast.coop, name="Entregas por mes", dataset="acopio", measure="count()", date="Fecha", user=cast.editor
    )
    assert defined.kpi.area == "ventas" and len(values_of(defined.kpi)) == 38


def test_a_new_metric_in_an_area_the_editor_does_not_edit_is_an_error_on_the_area(cast, produccion):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as raised:
        acopio_metric(cast, "Otra", measure="count()", area="produccion", user=cast.editor)
    assert "Usted no edita el área Producción" in raised.value.message_dict["area"][0]


def test_a_dataset_that_feeds_only_the_editors_area_stays_theirs(as_editor, cast, load):
    load(user=cast.admin)
    metric_define(
        coop=cast.coop,
        name="ingresos",
        dataset="ventas",
        measure="sum(Monto)",
        date="Fecha",
        area="ventas",
        user=cast.admin,
    )
    page = as_editor.get(reverse("datasets:dataset_detail", args=[cast.coop.slug, cast.dataset.pk])).text
    assert "Subir una versión nueva" in page and "Solo un administrador" not in page
    response = as_editor.post(
        reverse("datasets:upload", args=[cast.coop.slug]),
        {
            "name": "ventas",
            "mode": "replace",
            "file": SimpleUploadedFile("v.csv", csv_bytes([("01/05/2024", "Eva", "x", "1", "9")])),
        },
    )
    assert response.status_code == 302


def test_the_pages_say_why_and_offer_no_upload(as_editor, cast, produccion):
    dataset = acopio(cast)
    page = as_editor.get(reverse("datasets:dataset_detail", args=[cast.coop.slug, dataset.pk])).text
    assert ADMIN_ONLY in page
    assert "Subir una versión nueva" not in page and "Corregir los tipos" not in page
    listing = as_editor.get(reverse("datasets:datasets", args=[cast.coop.slug])).text
    assert ADMIN_ONLY in listing and "Recalcular todas las métricas" not in listing


def test_the_admin_sees_the_upload_and_no_refusal(as_admin, cast, produccion):
    page = as_admin.get(reverse("datasets:dataset_detail", args=[cast.coop.slug, acopio(cast).pk])).text
    assert "Subir una versión nueva" in page and "Solo un administrador" not in page


def test_a_ventas_metric_feeding_produccion_says_why_it_cannot_be_redefined(as_editor, cast, produccion):
    shared = ventas_metric_in_a_produccion_formula(cast)
    page = as_editor.get(reverse("datasets:metric_detail", args=[cast.coop.slug, shared.pk])).text
    assert "Solo un administrador puede cambiar este cálculo: sus valores alimentan indicadores de Producción." in page
    assert "Cambiar el cálculo" not in page
    assert as_editor.get(reverse("datasets:metric_define", args=[cast.coop.slug, shared.pk])).status_code == 403
    own = metric_define(
        coop=cast.coop, name="Entregas", dataset="acopio", measure="count()", date="Fecha", user=cast.editor
    ).kpi
    assert "Cambiar el cálculo" in as_editor.get(reverse("datasets:metric_detail", args=[cast.coop.slug, own.pk])).text


@pytest.mark.django_db
def test_seen_in_the_demo_the_ventas_and_marketing_editor_cannot_replace_acopio(client):
    """The tester's steps: the demo editor uploads a one-row «acopio»; «Producción total de café» keeps its values."""
    from rumbo.demo import SLUG, load_demo
    from rumbo.kpis.models import Kpi

    load_demo(today=date(2026, 5, 20))
    kpi = Kpi.objects.get(cooperative__slug=SLUG, name="Producción total de café")
    before = values_of(kpi)
    from rumbo.accounts.models import User

    client.force_login(User.objects.get(email="ventas@cafedelsur.coop"))
    response = client.post(
        reverse("datasets:upload", args=[SLUG]),
        {"name": "acopio", "mode": "replace", "file": SimpleUploadedFile("acopio.csv", acopio_bytes(ONE_ROW))},
    )
    assert response.status_code == 403 and ADMIN_ONLY in response.text
    assert values_of(kpi) == before and len(before) > 1
    listing = client.get(reverse("datasets:datasets", args=[SLUG])).text
    assert ADMIN_ONLY in listing
