"""The method's checks on a cooperative's KPIs: is each a real KPI, SMART, owned, fed, balanced and few?

`check(kpis, objectives)` takes plain facts (the app builds them from its models) and
returns findings in a stable order: each KPI in the order given, then each KPI that
repeats an earlier one (rumbo.engine.choice.tracked's rule), then each objective, then each
area, then the cooperative as a whole. A finding carries a Spanish message
marked for translation, its %(name)s-style parameters, and, where one click can fix it,
the code of that fix (the app maps codes to actions).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from rumbo.engine.choice import tracked
from rumbo.engine.errors import gettext_noop
from rumbo.engine.vocab import Area, Grain, Indicator, Kind, Nature


class Severity(StrEnum):
    ERROR = "error"  # the KPI cannot be followed as it is
    WARNING = "warning"  # the method is not followed
    INFO = "info"  # worth a look


class Subject(StrEnum):
    KPI = "kpi"
    OBJECTIVE = "objective"
    AREA = "area"
    COOPERATIVE = "cooperative"


# Finding codes, stable for the app and the API.
NO_OBJECTIVE = "no_objective"
NO_TARGET = "no_target"
TARGET_NOT_TIME_BOUND = "target_not_time_bound"
NO_OWNER = "no_owner"
NO_FREQUENCY = "no_frequency"
NO_DATA = "no_data"
NO_SCALE = "qualitative_without_scale"
NO_INDICATOR = "no_indicator"
NOT_LEADING = "not_leading"
OBJECTIVE_WITHOUT_KPI = "objective_without_kpi"
LAGGING_WITHOUT_LEADING = "lagging_without_leading"
LEADING_WITHOUT_LAGGING = "leading_without_lagging"
OBJECTIVE_OVERLOAD = "objective_overload"
AREA_OVERLOAD = "area_overload"
TOTAL_OVERLOAD = "total_overload"
DUPLICATE = "duplicate_kpi"

# Area names as the messages show them; marked so the app's catalogue translates them.
AREA_NAMES: Mapping[Area, str] = {
    Area.GERENCIA: gettext_noop("Gerencia"),
    Area.FINANZAS: gettext_noop("Finanzas"),
    Area.LEGAL: gettext_noop("Legal"),
    Area.VENTAS: gettext_noop("Ventas"),
    Area.MARKETING: gettext_noop("Marketing"),
    Area.PRODUCCION: gettext_noop("Producción"),
    Area.TRANSPORTE: gettext_noop("Transporte"),
    Area.ALMACENAMIENTO: gettext_noop("Almacenamiento"),
}


@dataclass(frozen=True)
class KpiFacts:
    """What the checks need to know about one KPI or metric."""

    id: str
    name: str
    kind: Kind = Kind.KPI
    objective_id: str | None = None
    area: Area | None = None
    indicator: Indicator | None = None
    nature: Nature = Nature.QUANTITATIVE
    scale_declared: bool = False
    has_target: bool = False
    target_time_bound: bool = False  # the target has a date (SMART: time-bound)
    has_owner: bool = False
    frequency: Grain | None = None
    missing_periods: int = 0  # consecutive due periods, up to now, without a value
    leads: bool | None = None  # from the lead test: True leads, False does not, None not known
    template_slug: str = ""  # the catalogue template it was made from
    description: str = ""  # what it measures, in words


@dataclass(frozen=True)
class ObjectiveFacts:
    id: str
    name: str


@dataclass(frozen=True)
class Limits:
    per_area: int = 5  # "reducir la sobrecarga de datos"; practitioners suggest 5–7 per area
    total: int = 20  # scorecards are usually capped at about 20
    per_objective: int = 5  # 3–5 key results per objective is the OKR convention
    missing_periods: int = 2  # one missing value can be late; two is a habit


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    subject: Subject
    subject_id: str
    message: str  # Spanish source text with %(param)s placeholders
    params: Mapping[str, object] = field(default_factory=dict, hash=False)
    fix: str | None = None  # one-click fix code, e.g. "set_target"
    translatable: tuple[str, ...] = ()  # params that are themselves catalogue strings

    def text(self) -> str:
        return self.message % self.params if self.params else self.message

    def translated(self, gettext: Callable[[str], str]) -> str:
        params = {k: gettext(str(v)) if k in self.translatable else v for k, v in self.params.items()}
        text = gettext(self.message)
        return text % params if params else text


def _kpi(code: str, severity: Severity, kpi: KpiFacts, message: str, fix: str | None, **params: object) -> Finding:
    return Finding(code, severity, Subject.KPI, kpi.id, message, {"name": kpi.name, **params}, fix)


def _kpi_findings(kpi: KpiFacts, objective_ids: set[str], limits: Limits) -> list[Finding]:
    found: list[Finding] = []
    is_kpi = kpi.kind is Kind.KPI
    if is_kpi and kpi.objective_id not in objective_ids:
        found.append(
            _kpi(
                NO_OBJECTIVE,
                Severity.WARNING,
                kpi,
                gettext_noop(
                    "«%(name)s» no está ligado a ningún objetivo: así es una métrica, no un KPI. "
                    "Líguelo a un objetivo o márquelo como métrica."
                ),
                "make_metric",
            )
        )
    if is_kpi and not kpi.has_target:
        found.append(
            _kpi(
                NO_TARGET,
                Severity.WARNING,
                kpi,
                gettext_noop("«%(name)s» no tiene meta: sin meta no se sabe si vamos por buen rumbo."),
                "set_target",
            )
        )
    if is_kpi and kpi.has_target and not kpi.target_time_bound:
        found.append(
            _kpi(
                TARGET_NOT_TIME_BOUND,
                Severity.WARNING,
                kpi,
                gettext_noop("La meta de «%(name)s» no tiene fecha: una meta SMART dice para cuándo."),
                "set_target_date",
            )
        )
    if is_kpi and not kpi.has_owner:
        found.append(
            _kpi(
                NO_OWNER,
                Severity.WARNING,
                kpi,
                gettext_noop("«%(name)s» no tiene responsable: nombre a la persona que lo sigue y actúa."),
                "set_owner",
            )
        )
    if kpi.frequency is None:
        found.append(
            _kpi(
                NO_FREQUENCY,
                Severity.WARNING,
                kpi,
                gettext_noop("«%(name)s» no tiene frecuencia: indique cada cuánto se mide."),
                "set_frequency",
            )
        )
    elif kpi.missing_periods >= limits.missing_periods:
        found.append(
            _kpi(
                NO_DATA,
                Severity.WARNING,
                kpi,
                gettext_noop(
                    "«%(name)s» lleva %(periods)d periodos sin datos: un KPI sin datos no cuenta ninguna historia."
                ),
                "add_value",
                periods=kpi.missing_periods,
            )
        )
    if kpi.nature is Nature.QUALITATIVE and not kpi.scale_declared:
        found.append(
            _kpi(
                NO_SCALE,
                Severity.ERROR,
                kpi,
                gettext_noop(
                    "«%(name)s» es cualitativo y no tiene escala: declare una rúbrica, una escala de 1 a 5 "
                    "o un puntaje para poder medirlo."
                ),
                "set_scale",
            )
        )
    if is_kpi and kpi.indicator is None:
        found.append(
            _kpi(
                NO_INDICATOR,
                Severity.INFO,
                kpi,
                gettext_noop(
                    "Indique si «%(name)s» es prospectivo (anticipa el resultado) o retrospectivo (lo muestra)."
                ),
                "set_indicator",
            )
        )
    if kpi.indicator is Indicator.LEADING and kpi.leads is False:
        found.append(
            _kpi(
                NOT_LEADING,
                Severity.WARNING,
                kpi,
                gettext_noop(
                    "Los datos no muestran que «%(name)s» se adelante al resultado: revise si de verdad es prospectivo."
                ),
                "make_lagging",
            )
        )
    return found


def _objective(code: str, objective: ObjectiveFacts, message: str, fix: str | None, **params: object) -> Finding:
    return Finding(
        code, Severity.WARNING, Subject.OBJECTIVE, objective.id, message, {"name": objective.name, **params}, fix
    )


def _objective_findings(objective: ObjectiveFacts, kpis: Sequence[KpiFacts], limits: Limits) -> list[Finding]:
    mine = [k for k in kpis if k.objective_id == objective.id]
    if not mine:
        return [
            _objective(
                OBJECTIVE_WITHOUT_KPI,
                objective,
                gettext_noop(
                    "El objetivo «%(name)s» no tiene ningún KPI: elija uno que muestre el resultado y otro "
                    "que el equipo pueda mover."
                ),
                "add_kpi",
            )
        ]
    found: list[Finding] = []
    lagging = [k for k in mine if k.indicator is Indicator.LAGGING]
    leading = [k for k in mine if k.indicator is Indicator.LEADING]
    if lagging and not leading:
        found.append(
            _objective(
                LAGGING_WITHOUT_LEADING,
                objective,
                gettext_noop(
                    "«%(kpi)s» muestra el resultado de «%(name)s» cuando ya pasó: añada un KPI prospectivo "
                    "que el equipo pueda mover cada semana."
                ),
                "add_leading",
                kpi=lagging[0].name,
            )
        )
    if leading and not lagging:
        found.append(
            _objective(
                LEADING_WITHOUT_LAGGING,
                objective,
                gettext_noop(
                    "Ningún KPI retrospectivo muestra si se logra «%(name)s»: añada uno que mida el resultado."
                ),
                "add_lagging",
            )
        )
    if len(mine) > limits.per_objective:
        found.append(
            _objective(
                OBJECTIVE_OVERLOAD,
                objective,
                gettext_noop(
                    "El objetivo «%(name)s» tiene %(count)d KPI; con %(limit)d o menos se ve mejor si avanza."
                ),
                "choose_fewer",
                count=len(mine),
                limit=limits.per_objective,
            )
        )
    return found


_SAME_WHY = {
    tracked.Same.TEMPLATE: gettext_noop("sale de la misma plantilla del catálogo"),
    tracked.Same.NAME: gettext_noop("tiene el mismo nombre"),
    tracked.Same.MEASURE: gettext_noop("tiene la misma definición"),
}


def _duplicate_findings(kpis: Sequence[KpiFacts]) -> list[Finding]:
    """Each KPI or metric that measures what an earlier one already does (tracked.duplicates' rule)."""
    rows = [tracked.Tracked(k.id, k.name, k.template_slug, k.description) for k in kpis]
    return [
        Finding(
            DUPLICATE,
            Severity.WARNING,
            Subject.KPI,
            row.id,
            gettext_noop(
                "«%(name)s» mide lo mismo que «%(other)s» (%(why)s): seguir los dos duplica el trabajo y confunde. "
                "Quédese con uno."
            ),
            {"name": row.name, "other": earlier.name, "other_id": earlier.id, "why": _SAME_WHY[same]},
            "see_duplicate",
            translatable=("why",),
        )
        for row, earlier, same in tracked.duplicates(rows)
    ]


def check(kpis: Sequence[KpiFacts], objectives: Sequence[ObjectiveFacts], limits: Limits = Limits()) -> list[Finding]:
    """Every finding about the cooperative's KPIs and objectives, in a stable order."""
    objective_ids = {o.id for o in objectives}
    found: list[Finding] = []
    for kpi in kpis:
        found += _kpi_findings(kpi, objective_ids, limits)
    found += _duplicate_findings(kpis)
    true_kpis = [k for k in kpis if k.kind is Kind.KPI]
    for objective in objectives:
        found += _objective_findings(objective, true_kpis, limits)
    for area in Area:
        count = sum(1 for k in true_kpis if k.area is area)
        if count > limits.per_area:
            found.append(
                Finding(
                    AREA_OVERLOAD,
                    Severity.WARNING,
                    Subject.AREA,
                    area.value,
                    gettext_noop(
                        "%(area)s sigue %(count)d KPI: para reducir la sobrecarga de datos, quédese con "
                        "%(limit)d o menos y deje los demás como métricas."
                    ),
                    {"area": AREA_NAMES[area], "count": count, "limit": limits.per_area},
                    "choose_fewer",
                    translatable=("area",),
                )
            )
    if len(true_kpis) > limits.total:
        found.append(
            Finding(
                TOTAL_OVERLOAD,
                Severity.WARNING,
                Subject.COOPERATIVE,
                "",
                gettext_noop(
                    "La cooperativa sigue %(count)d KPI: para reducir la sobrecarga de datos, quédese con "
                    "%(limit)d o menos."
                ),
                {"count": len(true_kpis), "limit": limits.total},
                "choose_fewer",
            )
        )
    return found
