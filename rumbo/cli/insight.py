"""Forecasts, leading-indicator checks and initiative impacts from the command line, and the refresh cron calls."""

import csv
import json
import sys
from datetime import date
from typing import TYPE_CHECKING

import click

from rumbo.cli import coop_named, fail, main, setup_django

if TYPE_CHECKING:
    from rumbo.kpis.models import Kpi
    from rumbo.orgs.models import Cooperative

GRAIN_UNITS = {
    "day": "día(s)",
    "week": "semana(s)",
    "month": "mes(es)",
    "quarter": "trimestre(s)",
    "year": "año(s)",
    "harvest": "cosecha(s)",
}
STRENGTHS = {"strong": "fuerte", "moderate": "moderada", "weak": "débil"}
VERDICTS = {
    "up": "subió",
    "down": "bajó",
    "unclear": "los datos no permiten afirmarlo",
    "too_little_before": "pocos datos antes del inicio",
    "too_little_after": "aún es pronto",
}


def _kpi(coop: "Cooperative", metric: str) -> "Kpi":
    from rumbo.insight.selectors import kpi_by_metric

    kpi = kpi_by_metric(coop, metric)
    if kpi is None:
        fail(
            f"La cooperativa «{coop.slug}» no tiene ningún indicador «{metric}» (use su nombre corto o su nombre exacto)."
        )
    kpi.cooperative = coop
    return kpi


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.6f}".rstrip("0").rstrip(".")


def _today() -> date:
    from django.utils import timezone

    return timezone.localdate()


@main.command("forecast")
@click.option("--coop", "coop_slug", required=True, help="Identificador de la cooperativa.")
@click.option("--name", "metric", required=True, help="Nombre corto o nombre exacto del indicador.")
@click.option(
    "--horizon", type=click.IntRange(1, 120), help="Periodos a pronosticar (por defecto, hasta el final de la meta)."
)
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
def forecast_command(coop_slug: str, metric: str, horizon: int | None, fmt: str) -> None:
    """Pronosticar un indicador: periodo, pronóstico y rango del 80 %."""
    setup_django()
    from rumbo.engine.errors import RumboError
    from rumbo.insight.computing.forecasting import forecast_data
    from rumbo.insight.services.forecasts import months_of, projection_figures
    from rumbo.kpis import readings

    coop = coop_named(coop_slug)
    kpi = _kpi(coop, metric)
    today = _today()
    data = readings.kpi_data([kpi])[kpi.pk]
    try:
        result = forecast_data(
            data, readings.read(data, today=today), today=today, months=months_of(coop), horizon=horizon
        )
    except RumboError as err:
        fail(str(err))
    fc = result.forecast
    if not fc.enough_history:
        fail(f"«{kpi.name}» tiene {fc.history} periodos con datos y un pronóstico necesita al menos {fc.min_history}.")
    if fmt == "json":
        p, goal = result.projection, result.goal
        assert p is None or goal is not None, "a projection runs to a goal"
        click.echo(
            json.dumps(
                {
                    "kpi": kpi.slug,
                    "model": fc.model,
                    "level": fc.level,
                    "points": [
                        {"period": pt.period.isoformat(), "forecast": pt.forecast, "low": pt.low, "high": pt.high}
                        for pt in fc.points
                    ],
                    "projection": None
                    if p is None or goal is None
                    else {
                        "target_end": goal.span.end.isoformat(),
                        **projection_figures(p),
                    },
                    "sentence": result.sentences["es"],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["period", "forecast", "low", "high"])
    for pt in fc.points:
        out.writerow([pt.period.isoformat(), _number(pt.forecast), _number(pt.low), _number(pt.high)])


@main.command("leading")
@click.option("--coop", "coop_slug", required=True, help="Identificador de la cooperativa.")
@click.option("--leading", "leading_metric", required=True, help="El indicador prospectivo (nombre corto o exacto).")
@click.option("--lagging", "lagging_metric", required=True, help="El indicador retrospectivo (nombre corto o exacto).")
@click.option(
    "--max-lag", type=click.IntRange(1, 24), help="Mayor desfase a probar, en periodos (por defecto 3 meses)."
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def leading_command(coop_slug: str, leading_metric: str, lagging_metric: str, max_lag: int | None, fmt: str) -> None:
    """¿Anticipa el prospectivo al retrospectivo? Desfase, fuerza, valor p y veredicto."""
    setup_django()
    from rumbo.engine.errors import RumboError
    from rumbo.insight.computing import leads
    from rumbo.kpis import readings

    coop = coop_named(coop_slug)
    leading, lagging = _kpi(coop, leading_metric), _kpi(coop, lagging_metric)
    if leading.pk == lagging.pk:
        fail("Elija dos indicadores distintos.")
    data = readings.kpi_data([leading, lagging])
    try:
        report = leads.lead_report(data[leading.pk], data[lagging.pk], today=_today(), max_lag=max_lag)
    except RumboError as err:
        fail(str(err))
    words = leads.sentences(report)
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "leading": leading.slug,
                    "lagging": lagging.slug,
                    "verdict": report.verdict,
                    "lag": report.lag,
                    "strength": report.strength if report.lag else None,
                    "correlation": report.correlation,
                    "p_value": report.granger_p,
                    "threshold_p": report.threshold_p,
                    "periods": report.overlap,
                    "min_periods": report.min_overlap,
                    "differenced": report.differenced,
                    "sentence": words["es"],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    unit = GRAIN_UNITS[data[leading.pk].facts.grain]
    click.echo(f"«{leading.name}» frente a «{lagging.name}»")
    click.echo(f"Desfase: {report.lag} {unit}" if report.lag else "Desfase: —")
    if report.correlation is not None:
        click.echo(f"Fuerza: {STRENGTHS[report.strength]} (correlación {report.correlation:.2f})")
    if report.granger_p is not None:
        click.echo(f"Valor p (Granger): {report.granger_p:.4f} (cuenta si es menor que {report.threshold_p:.4f})")
    click.echo(f"Datos: {report.overlap} {unit} en común (hacen falta {report.min_overlap})")
    click.echo(f"Veredicto: {words['es']}")


@main.command("impact")
@click.option("--coop", "coop_slug", required=True, help="Identificador de la cooperativa.")
@click.option("--initiative", "name", required=True, help="Nombre exacto de la iniciativa.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def impact_command(coop_slug: str, name: str, fmt: str) -> None:
    """¿Movió la iniciativa sus indicadores? Cambio estimado antes y después de su inicio."""
    setup_django()
    from django.utils import translation

    from rumbo.insight import selectors
    from rumbo.insight.computing import impacts

    coop = coop_named(coop_slug)
    initiative = selectors.initiative_by_name(coop, name)
    if initiative is None:
        fail(f"La cooperativa «{coop.slug}» no tiene ninguna iniciativa «{name}».")
    with translation.override("es"):
        found = impacts.initiative_impacts(initiative, today=_today())
        story = impacts.initiative_story(initiative, found, "es")
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "initiative": initiative.name,
                    "start": initiative.start.isoformat(),
                    "kpis": [
                        {
                            "kpi": i.kpi.slug,
                            "name": i.kpi.name,
                            "follows": i.follows,
                            "verdict": i.report.verdict,
                            "effect": i.report.effect,
                            "low": i.report.low,
                            "high": i.report.high,
                            "relative": i.report.relative,
                            "relative_low": i.report.relative_low,
                            "relative_high": i.report.relative_high,
                            "p_value": i.report.p_value,
                            "before": i.report.before,
                            "after": i.report.after,
                            "sentence": i.sentence("es"),
                        }
                        for i in found
                    ],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    click.echo(story)
    for i in found:
        click.echo(f"- {i.kpi.name}: {VERDICTS[i.report.verdict]}" + (f" · {i.change['es']}" if i.change["es"] else ""))


@main.group("insight")
def insight_group() -> None:
    """Pronósticos y pruebas de indicadores prospectivos guardados."""


@insight_group.command("refresh")
@click.option("--coop", "coop_slug", help="Solo esta cooperativa (por defecto, todas).")
@click.option("--queue", is_flag=True, help="Dejarlo en la cola para que lo haga un proceso «rumbo worker».")
def insight_refresh_command(coop_slug: str | None, queue: bool) -> None:
    """Recalcular los pronósticos y pruebas cuyos datos cambiaron (para cron)."""
    setup_django()
    from rumbo.insight.services.refresh import insight_refresh
    from rumbo.orgs.models import Cooperative

    coops = [coop_named(coop_slug)] if coop_slug else list(Cooperative.objects.order_by("slug"))
    if queue:
        from rumbo.insight.tasks import enqueue_refresh

        queued = sum(enqueue_refresh(coop.pk) for coop in coops)
        click.echo(f"{queued} cooperativas en la cola; {len(coops) - queued} ya esperaban su turno.")
        return
    for coop in coops:
        done = insight_refresh(coop=coop)
        click.echo(
            f"{coop.slug}: {done.forecasts.computed} pronósticos recalculados, {done.forecasts.kept} vigentes; "
            f"{done.lead_checks.computed} pruebas recalculadas, {done.lead_checks.kept} vigentes."
        )
