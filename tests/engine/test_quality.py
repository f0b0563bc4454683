"""The quality check flags every departure from the method, and only those."""

from dataclasses import replace

import pytest

from rumbo.engine.choice import quality
from rumbo.engine.choice.quality import KpiFacts, Limits, ObjectiveFacts, Severity, Subject, check
from rumbo.engine.vocab import Area, Grain, Indicator, Kind, Nature

OBJECTIVE = ObjectiveFacts("o1", "Vender más café")
SALES = KpiFacts(
    "k1",
    "Ventas cerradas por mes",
    objective_id="o1",
    area=Area.VENTAS,
    indicator=Indicator.LAGGING,
    has_target=True,
    target_time_bound=True,
    has_owner=True,
    frequency=Grain.MONTH,
)
CALLS = replace(SALES, id="k2", name="Llamadas a clientes por día", indicator=Indicator.LEADING, frequency=Grain.DAY)


DEFAULT_LIMITS = Limits()


def _codes(kpis, objectives=(OBJECTIVE,), limits=DEFAULT_LIMITS):
    return [f.code for f in check(kpis, objectives, limits)]


def test_a_well_defined_pair_has_no_findings():
    assert check([SALES, CALLS], [OBJECTIVE]) == []


# Each rule on one KPI: the facts that make it fire, the severity and the one-click fix.
KPI_RULES = [
    (quality.NO_OBJECTIVE, {"objective_id": None}, Severity.WARNING, "make_metric"),
    (quality.NO_OBJECTIVE, {"objective_id": "otro"}, Severity.WARNING, "make_metric"),
    (quality.NO_TARGET, {"has_target": False, "target_time_bound": False}, Severity.WARNING, "set_target"),
    (quality.TARGET_NOT_TIME_BOUND, {"target_time_bound": False}, Severity.WARNING, "set_target_date"),
    (quality.NO_OWNER, {"has_owner": False}, Severity.WARNING, "set_owner"),
    (quality.NO_FREQUENCY, {"frequency": None}, Severity.WARNING, "set_frequency"),
    (quality.NO_DATA, {"missing_periods": 2}, Severity.WARNING, "add_value"),
    (quality.NO_SCALE, {"nature": Nature.QUALITATIVE}, Severity.ERROR, "set_scale"),
    (quality.NO_INDICATOR, {"indicator": None}, Severity.INFO, "set_indicator"),
]


@pytest.mark.parametrize("code, facts, severity, fix", KPI_RULES)
def test_each_kpi_rule_fires(code, facts, severity, fix):
    kpi = replace(CALLS, **facts)
    findings = [f for f in check([SALES, kpi], [OBJECTIVE]) if f.code == code]
    assert len(findings) == 1
    finding = findings[0]
    assert (finding.severity, finding.fix, finding.subject, finding.subject_id) == (severity, fix, Subject.KPI, "k2")
    assert kpi.name in finding.text() and "%(" not in finding.text()


# The facts right next to each rule's trigger, where it must stay quiet.
QUIET = [
    (quality.NO_DATA, {"missing_periods": 1}),
    (quality.NO_DATA, {"missing_periods": 5, "frequency": None}),  # no frequency, nothing is due
    (quality.NO_SCALE, {"nature": Nature.QUALITATIVE, "scale_declared": True}),
    (quality.TARGET_NOT_TIME_BOUND, {"has_target": False}),  # "no target" says it already
    (quality.NOT_LEADING, {"leads": None}),
    (quality.NOT_LEADING, {"leads": True}),
    (quality.NOT_LEADING, {"indicator": Indicator.LAGGING, "leads": False}),
]


@pytest.mark.parametrize("code, facts", QUIET)
def test_each_kpi_rule_stays_quiet_when_it_should(code, facts):
    assert code not in _codes([SALES, replace(CALLS, **facts)])


def test_a_leading_kpi_the_data_does_not_confirm_is_flagged():
    findings = check([SALES, replace(CALLS, leads=False)], [OBJECTIVE])
    assert [(f.code, f.fix, f.subject_id) for f in findings] == [(quality.NOT_LEADING, "make_lagging", "k2")]


@pytest.mark.parametrize(
    "facts",
    [
        {"objective_id": None},
        {"has_target": False},
        {"has_owner": False},
        {"indicator": None},
    ],
)
def test_a_metric_is_not_held_to_the_kpi_rules(facts):
    metric = replace(CALLS, id="m1", name="Mensajes enviados por día", kind=Kind.METRIC, **facts)
    assert _codes([SALES, CALLS, metric]) == []


@pytest.mark.parametrize(
    "facts, code",
    [
        ({"frequency": None}, quality.NO_FREQUENCY),
        ({"missing_periods": 3}, quality.NO_DATA),
        ({"nature": Nature.QUALITATIVE}, quality.NO_SCALE),
    ],
)
def test_a_metric_still_needs_a_frequency_data_and_a_scale(facts, code):
    metric = replace(CALLS, id="m1", name="Mensajes enviados por día", kind=Kind.METRIC, objective_id=None, **facts)
    assert _codes([SALES, CALLS, metric]) == [code]


def test_no_data_reports_how_many_periods():
    finding = check([SALES, replace(CALLS, missing_periods=3)], [OBJECTIVE])[0]
    assert finding.params["periods"] == 3 and "3 periodos sin datos" in finding.text()


@pytest.mark.parametrize(
    "kpis, code, fix",
    [
        ([], quality.OBJECTIVE_WITHOUT_KPI, "add_kpi"),
        ([SALES], quality.LAGGING_WITHOUT_LEADING, "add_leading"),
        ([CALLS], quality.LEADING_WITHOUT_LAGGING, "add_lagging"),
    ],
)
def test_each_objective_rule_fires(kpis, code, fix):
    findings = check(kpis, [OBJECTIVE])
    assert [(f.code, f.fix, f.subject, f.subject_id) for f in findings] == [(code, fix, Subject.OBJECTIVE, "o1")]
    assert "Vender más café" in findings[0].text()


def test_the_missing_leading_kpi_message_names_the_lagging_one():
    finding = check([SALES], [OBJECTIVE])[0]
    assert finding.params == {"name": "Vender más café", "kpi": "Ventas cerradas por mes"}


def test_an_objective_with_an_unclassified_kpi_is_not_called_unbalanced():
    assert _codes([replace(SALES, indicator=None)]) == [quality.NO_INDICATOR]


def _many(n, **facts):
    return [
        replace(
            CALLS, id=f"k{i}", name=f"KPI {i}", indicator=Indicator.LEADING if i % 2 else Indicator.LAGGING, **facts
        )
        for i in range(n)
    ]


@pytest.mark.parametrize("count, fires", [(5, False), (6, True)])
def test_an_objective_with_too_many_kpis_is_flagged(count, fires):
    kpis = [replace(k, area=list(Area)[i % 8]) for i, k in enumerate(_many(count))]
    assert (quality.OBJECTIVE_OVERLOAD in _codes(kpis)) is fires


@pytest.mark.parametrize("count, fires", [(5, False), (6, True)])
def test_an_area_over_its_limit_is_data_overload(count, fires):
    objectives = [ObjectiveFacts(f"o{i}", f"Objetivo {i}") for i in range(count)]
    kpis = [replace(k, objective_id=f"o{i // 2}") for i, k in enumerate(_many(count))]
    findings = [f for f in check(kpis, objectives) if f.code == quality.AREA_OVERLOAD]
    assert bool(findings) is fires
    if fires:
        finding = findings[0]
        assert (finding.subject, finding.subject_id, finding.params["count"]) == (Subject.AREA, "ventas", 6)
        assert finding.text().startswith("Ventas sigue 6 KPI") and "sobrecarga de datos" in finding.text()


def test_metrics_do_not_count_towards_the_limits():
    metrics = [replace(k, kind=Kind.METRIC) for k in _many(30)]
    assert _codes([SALES, CALLS, *metrics]) == []


@pytest.mark.parametrize("count, fires", [(20, False), (21, True)])
def test_the_cooperative_over_its_total_limit_is_data_overload(count, fires):
    objectives = [ObjectiveFacts(f"o{i}", f"Objetivo {i}") for i in range(count)]
    kpis = [replace(k, objective_id=f"o{i // 2}", area=list(Area)[i % 8]) for i, k in enumerate(_many(count))]
    findings = [f for f in check(kpis, objectives) if f.code == quality.TOTAL_OVERLOAD]
    assert bool(findings) is fires
    if fires:
        assert findings[0].subject is Subject.COOPERATIVE and findings[0].params == {"count": 21, "limit": 20}


def test_the_limits_are_parameters():
    limits = Limits(per_area=1, total=1, per_objective=1, missing_periods=5)
    codes = _codes([SALES, replace(CALLS, missing_periods=4)], limits=limits)
    assert codes == [quality.OBJECTIVE_OVERLOAD, quality.AREA_OVERLOAD, quality.TOTAL_OVERLOAD]


def test_findings_come_in_a_stable_order():
    kpis = [replace(SALES, has_owner=False, frequency=None), replace(CALLS, objective_id=None)]
    findings = check(kpis, [OBJECTIVE, ObjectiveFacts("o2", "Crecer")])
    assert [(f.subject_id, f.code) for f in findings] == [
        ("k1", quality.NO_OWNER),
        ("k1", quality.NO_FREQUENCY),
        ("k2", quality.NO_OBJECTIVE),
        ("o1", quality.LAGGING_WITHOUT_LEADING),
        ("o2", quality.OBJECTIVE_WITHOUT_KPI),
    ]
    assert findings == check(kpis, [OBJECTIVE, ObjectiveFacts("o2", "Crecer")])


def test_messages_are_spanish_templates_the_app_translates():
    findings = check([replace(k, area=Area.PRODUCCION) for k in _many(6)] + [SALES], [OBJECTIVE])
    catalogue = {
        "%(area)s sigue %(count)d KPI: para reducir la sobrecarga de datos, quédese con %(limit)d o menos "
        "y deje los demás como métricas.": "%(area)s follows %(count)d KPIs: keep %(limit)d or fewer.",
        "Producción": "Production",
    }
    overload = next(f for f in findings if f.code == quality.AREA_OVERLOAD)
    assert overload.translated(lambda s: catalogue.get(s, s)) == "Production follows 6 KPIs: keep 5 or fewer."
    assert overload.text().startswith("Producción sigue 6 KPI")
    for finding in findings:
        assert "%(" in finding.message and finding.translated(lambda s: s) == finding.text()


def test_every_area_has_a_name_for_messages():
    assert set(quality.AREA_NAMES) == set(Area)


@pytest.mark.parametrize(
    "changes",
    [
        {"template_slug": "fiabilidad_equipo"},  # two KPIs from the same template
        {"name": "  VENTAS cerradas por mes"},  # the same name, written differently
        {"description": "Pedidos de café tostado confirmados y pagados en el mes"},  # the same measure
    ],
)
def test_two_kpis_that_measure_the_same_thing_are_flagged_on_the_later_one(changes):
    first = (
        replace(
            SALES,
            template_slug="fiabilidad_equipo",
            description="Pedidos de café tostado confirmados y pagados en el mes",
        )
        if "name" not in changes
        else SALES
    )
    second = replace(CALLS, **changes)
    found = [f for f in check([first, CALLS, second], [OBJECTIVE]) if f.code == quality.DUPLICATE]
    assert [(f.subject, f.subject_id, f.params["other"], f.params["other_id"]) for f in found] == [
        (Subject.KPI, second.id, first.name, first.id)
    ]
    assert found[0].severity is Severity.WARNING and found[0].fix == "see_duplicate"
    assert "mide lo mismo que «Ventas cerradas por mes»" in found[0].text()


def test_kpis_that_measure_different_things_are_not_duplicates():
    other = replace(CALLS, id="k3", name="Visitas a compradores", template_slug="visitas_compradores")
    assert quality.DUPLICATE not in _codes([replace(SALES, template_slug="ventas_cerradas_mes"), CALLS, other])
