"""A key reads objectives, initiatives, KPIs with their reading, OKRs and datasets: the board's figures, page by page."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from rumbo.api.services import token_create
from rumbo.kpis.models import Kpi, Measurement, Objective, Target
from rumbo.kpis.readings import read_board
from tests.api.test_api import call
from tests.datasets.conftest import csv_bytes


def items(response) -> list[dict]:
    assert response.status_code == 200, response.content[:400]
    return response.json()["items"]


def test_each_kpi_has_its_definition_targets_thresholds_and_the_boards_reading(client, cast, reader):
    Kpi.objects.filter(pk=cast.kpi.pk).update(on_track_at=Decimal("0.9"), at_risk_at=Decimal("0.7"))
    [kpi] = items(call(client, "get", "/c/coop-a/kpis", reader))
    reading = read_board(cast.coop, today=timezone.localdate()).readings[cast.kpi.pk]
    assert kpi["story"] == reading.story["es"] and kpi["status"] == str(reading.status)
    assert kpi["targets"] == [
        {"start": "2025-01-01", "end": "2026-12-31", "value": "40.000000", "low": None, "high": None}
    ]
    assert (Decimal(kpi["on_track_at"]), Decimal(kpi["at_risk_at"])) == (Decimal("0.9"), Decimal("0.7"))
    assert kpi["objective"] == "Crecer en ventas directas" and kpi["computed"] is None
    assert call(client, "get", "/c/coop-a/kpis/ventas_cerradas", reader).json() == kpi


def test_an_english_key_reads_the_story_in_english(client, cast):
    _token, key = token_create(coop=cast.coop, name="Tablero", can_write=False, user=cast.admin)
    from rumbo.api.models import ApiToken

    ApiToken.objects.filter(name="Tablero").update(language="en")
    [kpi] = items(call(client, "get", "/c/coop-a/kpis", key))
    assert kpi["story"] == read_board(cast.coop, today=timezone.localdate()).readings[cast.kpi.pk].story["en"]


def test_lists_come_in_pages_and_refuse_a_page_too_big(client, cast, reader):
    for i in range(3):
        Kpi.objects.create(cooperative=cast.coop, slug=f"k{i}", name=f"K {i}", area="produccion", frequency="month")
    page = call(client, "get", "/c/coop-a/kpis?limit=2&offset=1", reader).json()
    assert (page["count"], page["limit"], page["offset"], len(page["items"])) == (4, 2, 1, 2)
    assert call(client, "get", "/c/coop-a/kpis?limit=201", reader).status_code == 422
    assert [k["slug"] for k in items(call(client, "get", "/c/coop-a/kpis?area=ventas", reader))] == ["ventas_cerradas"]
    assert len(items(call(client, "get", "/c/coop-a/kpis?status=no_data", reader))) == 3


def test_objectives_and_initiatives_are_listed_with_filters(client, cast, reader):
    Objective.objects.create(cooperative=cast.coop, title="Producir más", area="produccion")
    titles = [o["title"] for o in items(call(client, "get", "/c/coop-a/objectives", reader))]
    assert titles == ["Crecer en ventas directas", "Producir más"]
    [produccion] = items(call(client, "get", "/c/coop-a/objectives?area=produccion", reader))
    assert produccion["status"] == "no_data" and produccion["story"]
    [campaign] = items(call(client, "get", "/c/coop-a/initiatives?kind=campana", reader))
    assert campaign["name"] == "Campaña de verano"
    assert items(call(client, "get", "/c/coop-a/initiatives?kind=proyecto", reader)) == []


def test_okr_objectives_carry_each_key_results_score_and_latest_confidence(client, cast, reader):
    from rumbo.okrs.services.check_ins import check_in_record

    check_in_record(key_result=cast.key_result, on=timezone.localdate(), confidence=6, value="30", user=cast.editor)
    [cycle] = items(call(client, "get", "/c/coop-a/okr/cycles?closed=false", reader))
    assert cycle["name"] == "Trimestre en curso"
    [objective] = items(call(client, "get", f"/c/coop-a/okr/objectives?cycle={cycle['id']}", reader))
    first = objective["key_results"][0]
    assert (first["title"], first["confidence"], Decimal(first["current"])) == ("Nuevos compradores", 6, Decimal(30))
    assert Decimal(first["score"]) == Decimal("0.5") and first["story"]
    assert objective["key_results"][1]["kpi"] == "ventas_cerradas"
    assert call(client, "get", "/c/coop-b/okr/objectives", reader).status_code == 404


def test_datasets_show_their_versions_and_the_metrics_they_feed(client, cast, reader):
    from rumbo.datasets.services.loading import dataset_load
    from tests.datasets.helpers import acopio_metric

    rows = [(f"15/{m:02d}/2025", "Socio", str(10 + m)) for m in range(1, 4)]
    data = csv_bytes(rows, header=("Fecha", "Socio", "Quintales"))
    dataset_load(coop=cast.coop, name="acopio", data=data, filename="acopio.csv", user=cast.admin)
    dataset_load(coop=cast.coop, name="acopio", data=data, filename="mas.csv", append=True, user=cast.admin)
    acopio_metric(cast, "Café entregado", area="produccion")
    [acopio] = items(call(client, "get", "/c/coop-a/datasets?q=aco", reader))
    assert acopio["latest"]["number"] == 2 and acopio["latest"]["rows"] == 6 and acopio["metrics"] == ["cafe_entregado"]
    versions = items(call(client, "get", "/c/coop-a/datasets/acopio/versions", reader))
    assert [(v["number"], v["mode"], v["file"]) for v in versions] == [
        (2, "append", "mas.csv"),
        (1, "replace", "acopio.csv"),
    ]
    [metric] = items(call(client, "get", "/c/coop-a/kpis?kind=metric", reader))
    assert metric["computed"]["dataset"] == "acopio" and metric["computed"]["measure"] == "sum(Quintales)"
    assert call(client, "get", "/c/coop-a/datasets/nada", reader).status_code == 404


def _grow(cast, n: int) -> None:
    from rumbo.okrs.models import CheckIn, KeyResult, OkrObjective

    start = Kpi.objects.count()
    for i in range(start, start + n):
        kpi = Kpi.objects.create(
            cooperative=cast.coop,
            slug=f"k{i}",
            name=f"K {i}",
            area="ventas",
            frequency="month",
            objective=cast.objective,
        )
        Target.objects.create(kpi=kpi, start=date(2024, 1, 1), end=date(2024, 12, 31), value=100)
        Measurement.objects.bulk_create(Measurement(kpi=kpi, period=date(2024, m, 1), value=i) for m in range(1, 13))
        Objective.objects.create(cooperative=cast.coop, title=f"O {i}")
        okr = OkrObjective.objects.create(cooperative=cast.coop, cycle=cast.okr_cycle, title=f"OKR {i}")
        kr = KeyResult.objects.create(objective=okr, title=f"KR {i}", baseline=0, target=10, kpi=kpi if i % 2 else None)
        CheckIn.objects.create(key_result=kr, date=cast.okr_cycle.start, confidence=5, value=3)
        from rumbo.datasets.models import Dataset

        Dataset.objects.create(cooperative=cast.coop, name=f"d{i}", key=f"d{i}")


LISTS = [
    "/c/coop-a/kpis",
    "/c/coop-a/objectives",
    "/c/coop-a/initiatives",
    "/c/coop-a/okr/cycles",
    "/c/coop-a/okr/objectives",
    "/c/coop-a/datasets",
    "/c/coop-a/kpis/ventas_cerradas/values",
    "/c/coop-a/catalogue",
]


@pytest.mark.parametrize("path", LISTS)
def test_a_list_costs_the_same_queries_for_5_or_40_items(client, cast, reader, path, django_assert_max_num_queries):
    _grow(cast, 4)
    with django_assert_max_num_queries(25) as few:
        assert call(client, "get", f"{path}?limit=200", reader).status_code == 200
    _grow(cast, 35)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = call(client, "get", f"{path}?limit=200", reader)
    assert response.status_code == 200
