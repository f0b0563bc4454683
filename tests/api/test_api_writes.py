"""A read-write key changes data through the screens' own services: records, targets, check-ins, KPIs from the catalogue."""

import json
from datetime import date
from decimal import Decimal

from rumbo.api.services import token_create
from rumbo.datasets.models import Dataset, DatasetVersion
from rumbo.engine.spreadsheets.writing import Sheet, to_xlsx
from rumbo.kpis.models import Kpi, Measurement, Target
from rumbo.okrs.models import CheckIn
from tests.api.test_api import call
from tests.datasets.conftest import csv_bytes

RECORDS = "/api/v1/c/coop-a/datasets/acopio/records"


def send(client, method, key, body, content_type="application/json", path=RECORDS, **headers):
    data = json.dumps(body) if content_type == "application/json" else body
    return getattr(client, method)(
        path, data=data, content_type=content_type, HTTP_AUTHORIZATION=f"Bearer {key}", **headers
    )


def acopio(cast):
    """Cooperative A's deliveries, Jan–Mar 2025, and the Producción metric that sums them by month."""
    from rumbo.datasets.services.loading import dataset_load
    from tests.datasets.helpers import acopio_metric

    rows = [(f"15/{m:02d}/2025", "Socio", str(10 + m)) for m in range(1, 4)]
    data = csv_bytes(rows, header=("Fecha", "Socio", "Quintales"))
    dataset_load(coop=cast.coop, name="acopio", data=data, filename="acopio.csv", user=cast.admin)
    return acopio_metric(cast, "Café entregado", area="produccion").kpi


def test_json_rows_are_appended_as_a_new_version_and_the_metric_is_recomputed(client, cast, writer):
    metric = acopio(cast)
    rows = [
        {"Fecha": "2025-04-10", "Socio": "Ana", "Quintales": 7.5},
        {"Fecha": "20/04/2025", "Socio": "Beto", "Quintales": "2,5"},
    ]
    response = send(client, "post", writer, {"rows": rows})
    assert response.status_code == 200, response.content
    answer = response.json()
    assert (answer["added"], answer["version"]["number"], answer["version"]["rows"]) == (2, 2, 5)
    assert answer["recomputed"] == ["cafe_entregado"] and answer["problems"] == []
    assert Measurement.objects.get(kpi=metric, period=date(2025, 4, 1)).value == Decimal(10)


def test_a_csv_body_replaces_the_records_and_an_xlsx_body_creates_a_dataset(client, cast, writer):
    acopio(cast)
    body = csv_bytes([("01/05/2025", "Ana", "4")], header=("Fecha", "Socio", "Quintales"))
    response = send(client, "put", writer, body, content_type="text/csv")
    assert response.status_code == 200 and response.json()["version"]["rows"] == 1
    assert response.json()["version"]["mode"] == "replace"
    sheet = Sheet("Hoja", ["Fecha", "Caja", "Importe"], [[date(2025, 5, 2), "1", Decimal("12.5")]])
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = send(
        client, "put", writer, to_xlsx(sheet), content_type=xlsx, path="/api/v1/c/coop-a/datasets/caja/records"
    )
    assert response.status_code == 200, response.content
    version = DatasetVersion.objects.get(dataset__name="caja")
    assert version.rows == 1 and dict(version.columns)["Importe"] == "number"


def test_a_cell_that_does_not_fit_is_reported_by_row_and_field_and_strict_writes_nothing(client, cast, writer):
    acopio(cast)
    rows = [
        {"Fecha": "2025-04-10", "Socio": "Ana", "Quintales": 3},
        {"Fecha": "2025-04-11", "Socio": "Beto", "Quintales": "doce"},
    ]
    strict = send(client, "post", writer, {"rows": rows}, path=RECORDS + "?strict=true")
    assert strict.status_code == 422
    [error] = strict.json()["errors"]
    assert (error["field"], error["loc"][1]) == ("Quintales", 3) and "doce" in error["message"]
    assert DatasetVersion.objects.filter(dataset__name="acopio").count() == 1
    kept = send(client, "post", writer, {"rows": rows}).json()
    assert [(p["row"], p["field"]) for p in kept["problems"]] == [(3, "Quintales")]


def test_records_follow_the_uploads_rules_and_errors(client, cast, writer):
    acopio(cast)
    other_columns = send(client, "post", writer, {"rows": [{"Fecha": "2025-04-10", "Kilos": 3}]})
    assert other_columns.status_code == 422 and "mismas columnas" in other_columns.json()["detail"]
    nothing_to_append = send(
        client, "post", writer, {"rows": [{"Fecha": "2025-04-10"}]}, path="/api/v1/c/coop-a/datasets/nuevo/records"
    )
    assert nothing_to_append.status_code == 422 and "súbalos primero" in nothing_to_append.json()["detail"]
    no_dates = send(client, "put", writer, {"rows": [{"Socio": "Ana"}]}, path="/api/v1/c/coop-a/datasets/otro/records")
    assert no_dates.status_code == 422 and "ninguna columna de fechas" in no_dates.json()["detail"]
    nested = send(client, "post", writer, {"rows": [{"Fecha": {"dia": 1}}]})
    assert nested.status_code == 422 and nested.json()["errors"][0]["loc"] == ["body", "rows", 0, "Fecha"]
    assert send(client, "post", writer, "<xml/>", content_type="application/xml").status_code == 415
    assert not Dataset.objects.filter(name__in=["nuevo", "otro"]).exists()
    assert DatasetVersion.objects.filter(dataset__name="acopio").count() == 1


def test_a_key_of_ventas_cannot_change_records_that_feed_produccion(client, cast):
    acopio(cast)
    _token, key = token_create(coop=cast.coop, name="Caja", can_write=True, user=cast.admin, areas=["ventas"])
    response = send(client, "post", key, {"rows": [{"Fecha": "2025-04-10", "Socio": "Ana", "Quintales": 3}]})
    assert response.status_code == 403 and "Producción" in response.json()["detail"]


def test_a_body_over_the_cap_is_refused_before_it_is_read(client, cast, writer):
    response = send(client, "post", writer, "x" * (6 * 1024 * 1024), content_type="text/csv")
    assert response.status_code == 413


def test_a_kpis_targets_are_set_as_its_edit_page_sets_them(client, cast, writer):
    body = {"targets": [{"start": "2026-01-01", "end": "2026-12-31", "value": "480"}]}
    response = call(client, "put", "/c/coop-a/kpis/ventas_cerradas/targets", writer, data=body)
    assert response.status_code == 200, response.content
    assert list(Target.objects.filter(kpi=cast.kpi).values_list("start", "value")) == [(date(2026, 1, 1), Decimal(480))]
    assert Target.history.filter(kpi_id=cast.kpi.pk, history_user=cast.admin).exists()
    body = {"targets": [{"start": "2026-12-31", "end": "2026-01-01", "value": "480"}]}
    refused = call(client, "put", "/c/coop-a/kpis/ventas_cerradas/targets", writer, data=body)
    assert refused.status_code == 422 and "Meta 1" in refused.json()["detail"]
    assert Target.objects.get(kpi=cast.kpi).start == date(2026, 1, 1)


def test_a_check_in_is_posted_with_value_confidence_and_note(client, cast, writer):
    path = f"/c/coop-a/okr/key-results/{cast.key_result.pk}/check-ins"
    response = call(client, "post", path, writer, data={"value": "30", "confidence": 7, "note": "Feria de Comayagua"})
    assert response.status_code == 200, response.content
    check_in = CheckIn.objects.get(key_result=cast.key_result)
    assert (check_in.value, check_in.confidence, check_in.comment, check_in.author) == (
        Decimal(30),
        7,
        "Feria de Comayagua",
        cast.admin,
    )
    assert call(client, "post", path, writer, data={"confidence": 11}).status_code == 422
    kpi_followed = call(
        client,
        "post",
        f"/c/coop-a/okr/key-results/{cast.kpi_key_result.pk}/check-ins",
        writer,
        data={"value": "3", "confidence": 5},
    )
    assert kpi_followed.status_code == 422 and kpi_followed.json()["detail"]


def test_a_kpi_is_created_from_a_catalogue_template_once(client, cast, writer):
    target = {"start": "2026-01-01", "end": "2026-12-31", "value": "60"}
    body = {"template": "socios_que_entregan", "area": "gerencia", "objective": cast.objective.pk, "targets": [target]}
    response = call(client, "post", "/c/coop-a/kpis", writer, data=body)
    assert response.status_code == 201, response.content
    kpi = Kpi.objects.get(slug=response.json()["slug"])
    assert (kpi.template_slug, kpi.objective, kpi.area) == ("socios_que_entregan", cast.objective, "gerencia")
    again = call(client, "post", "/c/coop-a/kpis", writer, data=body)
    assert again.status_code == 422
    unknown = call(client, "post", "/c/coop-a/kpis", writer, data={**body, "template": "no_existe"})
    assert unknown.status_code == 422 and "no_existe" in unknown.json()["detail"]
    slugs = [t["slug"] for t in call(client, "get", "/c/coop-a/catalogue?limit=200", writer).json()["items"]]
    assert "socios_que_entregan" in slugs


def test_errors_are_in_english_when_asked(client, cast, writer):
    path = f"/c/coop-a/okr/key-results/{cast.kpi_key_result.pk}/check-ins"
    response = call(client, "post", path, writer, data={"value": "3", "confidence": 5}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422 and response.json()["title"] == "Invalid data"


def test_json_numbers_keep_their_value_whatever_the_spanish_reading_of_their_points(client, cast, writer):
    metric = acopio(cast)
    rows = [
        {"Fecha": "2025-04-10", "Socio": "Ana", "Quintales": 1.234},  # not one thousand two hundred and thirty-four
        {"Fecha": "2025-04-11", "Socio": "Beto", "Quintales": 2.0},
        {"Fecha": "2025-04-12", "Socio": "Carla", "Quintales": 1000},
        {"Fecha": "2025-04-13", "Socio": "Darío", "Quintales": 1e-4},
    ]
    assert send(client, "post", writer, {"rows": rows}).json()["problems"] == []
    assert Measurement.objects.get(kpi=metric, period=date(2025, 4, 1)).value == Decimal("1003.2341")


def test_a_column_type_can_be_corrected_as_on_the_upload_page(client, cast, writer):
    rows = [
        {"Fecha": "2025-05-01", "Código": "0012", "Monto": 4},
        {"Fecha": "2025-05-02", "Código": "0013", "Monto": 5},
    ]
    path = "/api/v1/c/coop-a/datasets/pedidos/records"
    guessed = send(client, "put", writer, {"rows": rows}, path=path).json()
    assert dict(guessed["version"]["columns"])["Código"] == "number"
    corrected = send(client, "put", writer, {"rows": rows, "types": {"Código": "texto"}}, path=path).json()
    assert dict(corrected["version"]["columns"])["Código"] == "text"
    wrong = send(client, "put", writer, {"rows": rows, "types": {"Código": "color"}}, path=path)
    assert wrong.status_code == 422 and "«color» no es un tipo de columna" in wrong.json()["detail"]
