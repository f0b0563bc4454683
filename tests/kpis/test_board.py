"""The board: objectives on top, one tile per KPI with its status in words and shape, filters and grouping."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from rumbo.kpis.models import Kpi, Measurement, Objective, Target

TODAY = date(2025, 3, 15)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: TODAY)


def url(cast, **query):
    base = reverse("kpis:board", args=[cast.coop.slug])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def add_kpi(cast, slug, **fields):
    defaults = {"name": slug.title(), "area": "ventas", "frequency": "month", "unit": "qq"}
    return Kpi.objects.create(cooperative=cast.coop, slug=slug, **{**defaults, **fields})


def tile_names(response) -> list[str]:
    return [k.name for k in Kpi.objects.filter(cooperative__slug="coop-a") if f'id="kpi-{k.pk}"' in response.text]


def off_track_in_february(cast):
    Target.objects.create(kpi=cast.kpi, start=date(2025, 2, 1), end=date(2025, 2, 28), value=40)
    Measurement.objects.create(kpi=cast.kpi, period=date(2025, 2, 1), value=Decimal(20))


def test_the_viewer_sees_each_kpi_with_its_status_in_words_and_its_story(as_viewer, cast):
    off_track_in_february(cast)
    response = as_viewer.get(url(cast))
    assert response.status_code == 200
    tile = response.text.split(f'id="kpi-{cast.kpi.pk}"')[1].split("</li>")[0]
    assert "Fuera de rumbo" in tile and 'class="icon"' in tile  # in words and in shape, not only a colour
    assert "20 ventas" in tile and "Meta: <strong>40 ventas</strong>" in tile
    assert 'class="bullet"' in tile and 'class="spark"' in tile
    assert "Ventas cerradas por mes: 20 ventas en febrero 2025, 50\u00a0% bajo la meta del mes" in tile


def test_the_tile_warns_when_the_last_value_is_missing(as_viewer, cast):
    response = as_viewer.get(url(cast))
    assert "Dato atrasado" in response.text and "Falta el dato de febrero 2025" in response.text


def test_the_story_follows_the_language_of_the_person(as_viewer, cast):
    cast.viewer.language = "en"
    cast.viewer.save()
    response = as_viewer.get(url(cast))
    assert "Ventas cerradas por mes: 35 ventas in January 2025" in response.text


def test_the_objectives_come_first_with_their_status_and_sentence(as_viewer, cast):
    off_track_in_february(cast)
    text = as_viewer.get(url(cast)).text
    assert text.index('id="objectives"') < text.index('id="kpi-')
    assert "Ningún indicador va por buen rumbo; «Ventas cerradas por mes» necesita atención." in text


def test_plain_metrics_are_hidden_by_default_and_one_click_away(as_viewer, cast):
    add_kpi(cast, "alcance", kind="metric", area="marketing")
    response = as_viewer.get(url(cast))
    assert tile_names(response) == ["Ventas cerradas por mes"]
    assert "Se oculta 1 métrica que no es KPI" in response.text and "?kind=all" in response.text
    assert sorted(tile_names(as_viewer.get(url(cast, kind="all")))) == ["Alcance", "Ventas cerradas por mes"]
    assert tile_names(as_viewer.get(url(cast, kind="metric"))) == ["Alcance"]


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"area": "produccion"}, ["Acopio", "Calidad"]),
        ({"indicator": "leading"}, ["Llamadas"]),
        ({"nature": "qualitative"}, ["Calidad"]),
        ({"buyer_stage": "consideracion"}, ["Llamadas"]),
        ({"market_stage": "expansion"}, ["Calidad"]),
        ({"area": "ventas", "indicator": "lagging"}, ["Ventas cerradas por mes"]),
    ],
)
def test_each_filter_keeps_only_the_kpis_that_match(as_viewer, cast, query, expected):
    add_kpi(cast, "acopio", area="produccion")
    add_kpi(cast, "llamadas", indicator="leading", buyer_stage="consideracion")
    add_kpi(
        cast, "calidad", area="produccion", nature="qualitative", scale_min=0, scale_max=100, market_stage="expansion"
    )
    assert tile_names(as_viewer.get(url(cast, **query))) == expected


def test_the_objective_and_initiative_filters(as_viewer, cast):
    other = Objective.objects.create(cooperative=cast.coop, title="Más café")
    add_kpi(cast, "acopio", objective=other, initiative=cast.initiative)
    assert tile_names(as_viewer.get(url(cast, objective=other.pk))) == ["Acopio"]
    assert tile_names(as_viewer.get(url(cast, initiative=cast.initiative.pk))) == ["Acopio"]
    objectives = as_viewer.get(url(cast, objective=other.pk)).text.split('id="objectives"')[1].split("</section>")[0]
    assert "Más café" in objectives and "Crecer en ventas directas" not in objectives


def test_an_active_filter_is_shown_and_can_be_removed(as_viewer, cast):
    response = as_viewer.get(url(cast, area="ventas"))
    assert "Área: Ventas" in response.text


def test_a_wrong_filter_value_is_ignored(as_viewer, cast):
    response = as_viewer.get(url(cast, area="luna", objective="x"))
    assert response.status_code == 200 and tile_names(response) == ["Ventas cerradas por mes"]


def test_grouping_by_area_titles_each_group_by_its_area(as_viewer, cast):
    add_kpi(cast, "acopio", area="produccion")
    text = as_viewer.get(url(cast, group="area")).text
    assert 'id="grupo-ventas"' in text and 'id="grupo-produccion"' in text
    assert text.index('id="grupo-ventas"') < text.index('id="grupo-produccion"')  # the areas in the course's order


def test_a_kpi_whose_objective_is_in_the_bin_still_shows_without_objective(as_viewer, cast):
    from django.utils import timezone as tz

    Objective.all_objects.filter(pk=cast.objective.pk).update(deleted_at=tz.now())
    text = as_viewer.get(url(cast)).text
    assert 'id="grupo-ninguno"' in text and f'id="kpi-{cast.kpi.pk}"' in text


def test_kpis_needing_attention_come_first(as_viewer, cast):
    good = add_kpi(cast, "acopio", objective=cast.objective)
    Target.objects.create(kpi=good, start=date(2025, 2, 1), end=date(2025, 2, 28), value=10)
    Measurement.objects.create(kpi=good, period=date(2025, 2, 1), value=12)
    bad = add_kpi(cast, "mermas", objective=cast.objective, direction="down")
    Target.objects.create(kpi=bad, start=date(2025, 2, 1), end=date(2025, 2, 28), value=10)
    Measurement.objects.create(kpi=bad, period=date(2025, 2, 1), value=20)
    text = as_viewer.get(url(cast)).text
    assert text.index(f'id="kpi-{bad.pk}"') < text.index(f'id="kpi-{good.pk}"')


def test_htmx_gets_only_the_results_and_the_objectives(as_viewer, cast):
    response = as_viewer.get(url(cast, kind="kpi", area="ventas", objective=""), HTTP_HX_REQUEST="true")
    assert "<html" not in response.text and 'id="kpi-' in response.text
    assert 'hx-swap-oob="true"' in response.text
    assert "HX-Request" in response["Vary"]
    assert response["HX-Push-Url"] == url(cast, area="ventas")  # without the empty fields and defaults


def test_the_board_is_sent_compressed_to_a_browser_that_accepts_it(as_viewer, cast):
    response = as_viewer.get(url(cast), HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response["Content-Encoding"] == "gzip" and "Accept-Encoding" in response["Vary"]


def test_the_page_works_without_javascript_through_a_plain_form(as_viewer, cast):
    text = as_viewer.get(url(cast)).text
    assert '<form class="filters" method="get"' in text and 'name="area"' in text


def test_the_board_costs_the_same_queries_for_10_or_60_kpis(as_viewer, cast, django_assert_max_num_queries):
    def add(n):
        start = Kpi.objects.count()
        for i in range(start, start + n):
            kpi = add_kpi(
                cast,
                f"k{i}",
                objective=cast.objective,
                area=["ventas", "produccion"][i % 2],
                kind="metric" if i % 5 == 0 else "kpi",
            )
            Target.objects.create(kpi=kpi, start=date(2024, 1, 1), end=date(2025, 12, 31), value=100)
            Measurement.objects.bulk_create(
                Measurement(kpi=kpi, period=date(2024, m, 1), value=i) for m in range(1, 13)
            )

    add(9)
    with django_assert_max_num_queries(15) as ten:
        as_viewer.get(url(cast))
    add(50)
    with django_assert_max_num_queries(len(ten.captured_queries)):
        response = as_viewer.get(url(cast))
    assert response.text.count('class="tile ') == Kpi.objects.filter(cooperative=cast.coop, kind="kpi").count()


def test_an_empty_cooperative_is_invited_to_create_its_first_kpi(client, cast):
    client.force_login(cast.outsider)
    Kpi.objects.filter(cooperative=cast.other_coop).delete()
    response = client.get(reverse("kpis:board", args=[cast.other_coop.slug]))
    assert "Todavía no hay indicadores" in response.text


def test_the_outsider_gets_404(as_outsider, cast):
    assert as_outsider.get(url(cast)).status_code == 404


def test_a_new_value_shows_at_once_on_a_board_seen_before(as_viewer, cast):
    assert "35 ventas" in as_viewer.get(url(cast)).text
    Measurement.objects.create(kpi=cast.kpi, period=date(2025, 2, 1), value=Decimal(47))
    text = as_viewer.get(url(cast)).text
    assert "47 ventas" in text and "Dato atrasado" not in text
