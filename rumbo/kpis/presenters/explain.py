"""A KPI's definition and classification in plain words, the course's way, for its page (and its PDF).

The status rule is read from `engine.targets.thresholds`, so the words cannot drift from
what the board does.
"""

from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from rumbo.engine.numbers import format_percent
from rumbo.engine.status.readings import KpiFacts
from rumbo.engine.timeline.targets import thresholds
from rumbo.engine.vocab import Aggregation, Direction
from rumbo.kpis.models import Kpi


def _percent(ratio: Decimal, lang: str) -> str:
    return format_percent(ratio, 0 if (ratio * 100) == int(ratio * 100) else 1, lang)


def status_rule(facts: KpiFacts, lang: str, *, own: bool) -> str:
    """How the colour is decided, with the KPI's own thresholds or the default rule."""
    on, risk = thresholds(facts)
    figures = {
        "on": _percent(on, lang),
        "risk": _percent(risk, lang),
        "on_down": _percent(2 - on, lang),
        "risk_down": _percent(2 - risk, lang),
        "outside": _percent(1 - risk, lang),
    }
    if facts.direction == Direction.UP:
        text = _(
            "Va por buen rumbo desde el %(on)s de la meta; en riesgo desde el %(risk)s; por debajo, fuera de rumbo."
        )
    elif facts.direction == Direction.DOWN:
        text = _(
            "Va por buen rumbo hasta el %(on_down)s de la meta; en riesgo hasta el %(risk_down)s; por encima, fuera de rumbo."
        )
    else:
        text = _(
            "Va por buen rumbo dentro del rango; en riesgo hasta un %(outside)s fuera de él; más lejos, fuera de rumbo."
        )
    text %= figures
    if not own:
        text += " " + _("(Es la regla por defecto: el indicador no tiene umbrales propios.)")
    return text


def plain_words(kpi: Kpi, facts: KpiFacts, lang: str) -> list[str]:
    """Sentences that say what kind of indicator this is and how it is read."""
    out = []
    if kpi.is_kpi and kpi.objective is not None:
        out.append(_("Es un KPI: está ligado al objetivo «%(objective)s».") % {"objective": kpi.objective.title})
    elif kpi.is_kpi:
        out.append(
            _("Es un KPI, pero todavía no está ligado a ningún objetivo: un KPI sirve a un objetivo de largo plazo.")
        )
    else:
        out.append(
            _(
                "Es una métrica, no un KPI: ayuda a entender el detalle sin estar ligada a un objetivo de largo "
                "plazo. Todo KPI es una métrica; no toda métrica es un KPI."
            )
        )
    if kpi.nature == "qualitative":
        if kpi.scale_min is not None and kpi.scale_max is not None:
            out.append(
                _(
                    "Es cualitativo: se evalúa en una escala de %(low)s a %(high)s%(kind)s para poder seguirlo en el tiempo."
                )
                % {
                    "low": f"{kpi.scale_min.normalize():f}",
                    "high": f"{kpi.scale_max.normalize():f}",
                    "kind": f" ({kpi.get_scale_kind_display()})" if kpi.scale_kind else "",
                }
            )
        else:
            out.append(_("Es cualitativo: se evalúa en una escala declarada para poder seguirlo en el tiempo."))
    else:
        out.append(
            _("Es cuantitativo: se mide con un número%(unit)s.") % {"unit": f" ({kpi.unit})" if kpi.unit else ""}
        )
    if kpi.indicator == "leading":
        out.append(_("Es prospectivo: anticipa resultados que vendrán; si empeora hoy, es una alerta temprana."))
    else:
        out.append(_("Es retrospectivo: muestra el resultado de lo que ya pasó."))
    out.append(
        {
            Direction.UP: _("Más es mejor."),
            Direction.DOWN: _("Menos es mejor."),
            Direction.BAND: _("Lo mejor es mantenerlo dentro de un rango: ni muy bajo ni muy alto."),
        }[facts.direction]
    )
    frequency = str(kpi.get_frequency_display() or _("Mensual")).lower()
    out.append(
        {
            Aggregation.SUM: _(
                "Se registra con frecuencia %(frequency)s; para un periodo más largo, los valores se suman."
            ),
            Aggregation.MEAN: _(
                "Se registra con frecuencia %(frequency)s; para un periodo más largo, se promedian los valores."
            ),
            Aggregation.LAST: _(
                "Se registra con frecuencia %(frequency)s; para un periodo más largo, cuenta el último valor."
            ),
            Aggregation.RATIO: _(
                "Se registra con frecuencia %(frequency)s; para un periodo más largo, la razón se recalcula "
                "con los totales del numerador y del denominador, nunca como promedio de razones."
            ),
        }[facts.aggregation]
        % {"frequency": frequency}
    )
    out.append(status_rule(facts, lang, own=kpi.on_track_at is not None or kpi.at_risk_at is not None))
    if kpi.buyer_stage:
        out.append(_("Etapa del comprador: %(stage)s.") % {"stage": kpi.get_buyer_stage_display()})
    if kpi.market_stage:
        out.append(_("Etapa de validación de mercado: %(stage)s.") % {"stage": kpi.get_market_stage_display()})
    if (initiative := kpi.initiative) is not None:
        dates = date_format(initiative.start, "SHORT_DATE_FORMAT")
        if initiative.end:
            dates += " – " + date_format(initiative.end, "SHORT_DATE_FORMAT")
        out.append(
            _("Sigue la iniciativa «%(name)s» (%(kind)s, %(dates)s).")
            % {"kind": str(initiative.get_kind_display()).lower(), "name": initiative.name, "dates": dates}
        )
    return out
