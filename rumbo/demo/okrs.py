"""The demo cooperative's OKRs: the calendar quarter that holds today, three objectives and weeks of check-ins.

One committed and one aspirational objective for the whole cooperative, and a sales-team
objective aligned under the aspirational one. Key results of every kind, three of them
following demo KPIs. «Nuevos compradores en la capital» visibly slips: behind the expected
pace, with its confidence falling. José's team key results miss this week's check-in, so
they show in his «Mis actualizaciones».
"""

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from functools import partial
from typing import Any, cast

from rumbo.accounts.models import Role, User
from rumbo.kpis.models import Kpi, Measurement
from rumbo.okrs.models import Cycle, KeyResult, OkrObjective
from rumbo.okrs.services.check_ins import check_in_record
from rumbo.okrs.services.cycles import cycle_save, quarter_of
from rumbo.okrs.services.objectives import objective_create
from rumbo.orgs.models import Cooperative

D = Decimal


def _kpi(coop: Cooperative, name: str) -> Kpi | None:
    return Kpi.objects.filter(cooperative=coop, name=name).first()


def _following(
    coop: Cooperative, cycle: Cycle, today: date, name: str, title: str, share: Decimal, rise: Decimal
) -> KeyResult:
    """A key result that follows a demo KPI, with a baseline and target that put today's value `share` of the way.

    The demo's KPI values are generated, so a baseline taken from them could put the
    key result anywhere; people choose baselines and targets, and so does the demo.
    """
    kpi = _kpi(coop, name)
    if kpi is None:  # the catalogue changed: a plain number keeps the demo whole
        return KeyResult(title=title, baseline=D(10), target=D(15))
    step = D(1).scaleb(-kpi.decimals)
    rows = Measurement.objects.filter(kpi=kpi, value__isnull=False).order_by("-period")
    now = rows.filter(period__gte=cycle.start, period__lte=today).first()
    current = None if now is None else cast(D, now.value)  # rows with a value (`value__isnull=False`)
    if current is None or current <= 0:
        before = rows.filter(period__lt=cycle.start).first()
        baseline = cast(D, before.value).quantize(step) if before else D(0)
        target = (baseline * rise).quantize(step)
    else:
        target = (current * rise).quantize(step)
        baseline = max(current - (target - current) * share / (1 - share), D(0)).quantize(step)
    return KeyResult(title=title, kpi=kpi, baseline=baseline, target=target if target != baseline else baseline + 1)


def _objective(cycle: Cycle, owner: User, key_results: list[KeyResult], **fields: Any) -> OkrObjective:
    """An objective of the demo cycle with its key results, created by its owner."""
    return objective_create(
        objective=OkrObjective(cooperative=cycle.cooperative, cycle=cycle, owner=owner, **fields),
        key_results=key_results,
        user=owner,
    ).objective


def _weeks(start: date, last: date) -> list[date]:
    days, day = [], start + timedelta(days=6)
    while day <= last:
        days.append(day)
        day += timedelta(days=7)
    return days


def _plan(
    kr: KeyResult,
    pace: Decimal | None,
    confidences: list[int],
    comments: Mapping[int, str] | tuple[()] = (),
    done_from: int | None = None,
) -> dict[str, Any]:
    """How a key result moves week by week: a share of the way per week's share of the cycle, and confidences."""
    return {"kr": kr, "pace": pace, "confidences": confidences, "comments": dict(comments), "done_from": done_from}


def load_okrs(coop: Cooperative, users: dict[str, User], today: date) -> None:
    admin, editor = users[Role.ADMIN], users[Role.EDITOR]
    cycle = quarter_of(today)
    cycle.cooperative = coop
    cycle = cycle_save(cycle=cycle, user=admin)
    elapsed = D((today - cycle.start).days) / D((cycle.end - cycle.start).days)
    follow = partial(_following, coop, cycle, today)

    acopio = _objective(
        cycle,
        admin,
        [
            follow(
                "Producción total de café",
                "Quintales acopiados en el mes",
                min(elapsed + D("0.05"), D("0.9")),
                D("1.3"),
            ),
            KeyResult(title="Lotes con 80 puntos o más en catación", kind="percent", baseline=D(55), target=D(70)),
            KeyResult(title="Secadora solar instalada en el beneficio", kind="milestone"),
        ],
        title="Asegurar el acopio y la calidad de la cosecha",
        type="committed",
        description="Que los socios entreguen su café a la cooperativa y que los lotes lleguen a especialidad.",
        position=0,
    )
    capital = _objective(
        cycle,
        admin,
        [
            follow("Ventas cerradas por mes", "Ventas cerradas en el mes", max(D("0.7") * elapsed, D("0.1")), D("1.4")),
            KeyResult(title="Nuevos compradores en la capital", baseline=D(0), target=D(30)),
            KeyResult(title="Acuerdo con tres tiendas de especialidad", kind="milestone", weight=D("0.5")),
        ],
        title="Abrir el mercado de café tostado en la capital",
        type="aspirational",
        description="Vender nuestro café tostado a cafeterías y tiendas de la capital, sin intermediarios.",
        position=1,
    )
    equipo = _objective(
        cycle,
        editor,
        [
            follow(
                "Llamadas a clientes por día",
                "Llamadas a clientes por día",
                max(elapsed - D("0.05"), D("0.1")),
                D("1.2"),
            ),
            KeyResult(title="Mensajes respondidos el mismo día", kind="percent", baseline=D(60), target=D(90)),
        ],
        title="Que el equipo de ventas llame y responda a tiempo",
        type="committed",
        area="ventas",
        parent=capital,
        position=2,
    )

    a, c, e = (list(o.key_results.all()) for o in (acopio, capital, equipo))
    plans = [
        _plan(
            a[1],
            D("1.05"),
            [6, 7, 7, 7, 8, 8, 8, 8, 8, 8, 8, 8, 8],
            {2: "La catación de la primera semana salió mejor de lo esperado."},
        ),
        _plan(
            a[2],
            None,
            [5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 9, 9, 9],
            {1: "Llegó la cotización del proveedor.", 5: "Secadora instalada y probada con el primer lote."},
            done_from=5,
        ),
        _plan(a[0], None, [7, 7, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8]),
        _plan(c[0], None, [6, 6, 6, 5, 6, 6, 6, 6, 6, 6, 6, 6, 6]),
        # The slipping one: a slow start, then the confidence falls week after week.
        _plan(
            c[1],
            D("0.35"),
            [7, 7, 7, 6, 5, 4, 4, 3, 3, 3, 3, 3, 3],
            {
                3: "Dos cafeterías pidieron muestras, ninguna compró todavía.",
                5: "Falta quien visite la capital: el vehículo está en el acopio.",
            },
        ),
        _plan(c[2], None, [5, 5, 6, 6, 6, 7, 7, 7, 7, 7, 7, 7, 7], done_from=6),
        _plan(e[0], None, [7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7]),
        _plan(e[1], D("1.0"), [6, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7], {1: "Ahora respondemos por turnos."}),
    ]
    span = (cycle.end - cycle.start).days
    for plan in plans:
        kr, owner = plan["kr"], plan["kr"].objective.owner
        # José's team has not checked in this week: his key results wait in «Mis actualizaciones».
        last = today - timedelta(days=8) if owner == editor else today
        for week, day in enumerate(_weeks(cycle.start, last)):
            value = None
            if plan["pace"] is not None:
                share = min(plan["pace"] * D((day - cycle.start).days) / D(span), D(1))
                value = (kr.baseline + (kr.target - kr.baseline) * share).quantize(D(1))
            done = plan["done_from"] is not None and week >= plan["done_from"]
            confidence = plan["confidences"][min(week, len(plan["confidences"]) - 1)]
            check_in_record(
                key_result=kr,
                on=day,
                confidence=confidence,
                value=value,
                done=done,
                comment=plan["comments"].get(week, ""),
                user=owner,
                today=today,
            )
