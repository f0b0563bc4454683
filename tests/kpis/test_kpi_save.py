"""Defining a KPI: what makes it a KPI, its dated targets, its thresholds."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from rumbo.kpis.models import Kpi, Target
from rumbo.kpis.services.definitions import TargetInput, kpi_save
from tests.factories import unsaved_kpi

YEAR = TargetInput(start=date(2026, 1, 1), end=date(2026, 12, 31), value=Decimal(100))


def new_kpi(cast, **fields):
    return unsaved_kpi(cast, "Llamadas a clientes por día", **{"indicator": "leading", **fields})


def test_a_complete_kpi_is_saved_with_its_targets(cast):
    kpi = kpi_save(kpi=new_kpi(cast), targets=[YEAR], user=cast.admin)
    assert kpi.slug == "llamadas_a_clientes_por_dia"
    assert list(kpi.targets.values_list("value", flat=True)) == [Decimal(100)]


@pytest.mark.parametrize(
    "fields, targets, message",
    [
        ({"objective": None}, [YEAR], "debe servir a un objetivo"),
        ({"owner": None}, [YEAR], "persona responsable"),
        ({"frequency": ""}, [YEAR], "frecuencia"),
        ({}, [], "al menos una meta"),
        ({"nature": "qualitative"}, [YEAR], "escala declarada"),
        ({"on_track_at": Decimal("0.9"), "at_risk_at": Decimal("1.0")}, [YEAR], "umbrales están en desorden"),
        ({}, [YEAR, TargetInput(start=date(2026, 6, 1), end=date(2027, 5, 31), value=Decimal(1))], "se superponen"),
        ({}, [TargetInput(start=date(2026, 6, 1), end=date(2026, 1, 1), value=Decimal(1))], "anterior a la de inicio"),
        ({"direction": "band"}, [YEAR], "mínimo y un máximo"),
        ({}, [TargetInput(start=date(2026, 1, 1), end=date(2026, 12, 31))], "falta el valor"),
    ],
)
def test_it_refuses_an_incomplete_kpi_and_writes_nothing(cast, fields, targets, message):
    before = (Kpi.objects.count(), Target.objects.count())
    with pytest.raises(ValidationError) as err:
        kpi_save(kpi=new_kpi(cast, **fields), targets=targets, user=cast.admin)
    assert message in " ".join(err.value.messages)
    assert (Kpi.objects.count(), Target.objects.count()) == before


def test_a_metric_needs_no_objective_target_or_owner(cast):
    metric = kpi_save(
        kpi=new_kpi(cast, kind="metric", objective=None, owner=None, frequency=""), targets=[], user=cast.admin
    )
    assert metric.pk and not metric.is_kpi


def test_it_refuses_an_objective_of_another_cooperative(cast):
    from rumbo.kpis.models import Objective

    foreign = Objective.objects.create(cooperative=cast.other_coop, title="Ajeno")
    with pytest.raises(ValidationError, match="No pertenece"):
        kpi_save(kpi=new_kpi(cast, objective=foreign), targets=[YEAR], user=cast.admin)


def test_changing_the_schedule_replaces_old_targets_and_keeps_their_history(cast):
    kpi = kpi_save(kpi=new_kpi(cast), targets=[YEAR], user=cast.admin)
    later = TargetInput(start=date(2027, 1, 1), end=date(2027, 12, 31), value=Decimal(120))
    kpi_save(kpi=kpi, targets=[later], user=cast.admin)
    assert list(kpi.targets.values_list("start", flat=True)) == [date(2027, 1, 1)]
    assert Target.history.filter(kpi_id=kpi.pk, history_type="-").count() == 1


def test_a_target_dated_outside_1900_2100_is_refused_by_the_form_and_the_service(cast):
    from rumbo.kpis.forms import TargetForm

    form = TargetForm({"start": "2026-01-01", "end": "9999-12-31", "value": "10"})
    assert form.errors == {"end": ["La fecha 31/12/9999 está fuera del rango admitido (1900–2100)."]}
    late = TargetInput(start=date(2026, 1, 1), end=date(9999, 12, 31), value=Decimal(10))
    with pytest.raises(ValidationError) as err:
        kpi_save(kpi=new_kpi(cast), targets=[late], user=cast.admin)
    assert err.value.messages == ["Meta 1: La fecha 31/12/9999 está fuera del rango admitido (1900–2100)."]
    assert not Kpi.objects.filter(name="Llamadas a clientes por día").exists()


def test_an_initiative_dated_outside_1900_2100_is_refused_by_the_form_and_the_service(as_admin, cast):
    from django.urls import reverse

    from rumbo.kpis.models import Initiative
    from rumbo.kpis.services.definitions import initiative_save

    response = as_admin.post(
        reverse("kpis:initiative_create", args=[cast.coop.slug]),
        {"name": "Feria del año 9999", "kind": "campana", "start": "9999-01-01", "end": ""},
    )
    assert response.status_code == 400
    assert "La fecha 01/01/9999 está fuera del rango admitido (1900–2100)." in response.content.decode()
    with pytest.raises(ValidationError) as err:
        initiative_save(
            initiative=Initiative(
                cooperative=cast.coop, name="Feria", kind="campana", start=date(2025, 1, 1), end=date(2101, 1, 1)
            ),
            user=cast.admin,
        )
    assert err.value.message_dict == {"end": ["La fecha 01/01/2101 está fuera del rango admitido (1900–2100)."]}
    assert not Initiative.objects.filter(name__startswith="Feria").exists()
