"""KPI definitions, targets and OKRs as CSV or XLSX; with the values, one workbook the value import reads back.

The values themselves come from the imports app's `values_sheet` (one layout for
export and import). The workbook («libro») is that sheet with three more after it: the
value import reads the first sheet, so uploading the workbook as it was downloaded
changes nothing, and the other sheets say what each KPI is. Every file is written by
`rumbo.engine.spreadsheets.writing`.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from rumbo.engine.spreadsheets.writing import CONTENT_TYPES, Sheet, write
from rumbo.kpis.models import Kpi, Target
from rumbo.orgs.models import Cooperative
from rumbo.reports import okrs

if TYPE_CHECKING:
    from rumbo.okrs.readings import ScoredKeyResult


@dataclass(frozen=True)
class ExportFile:
    data: bytes
    content_type: str
    filename: str
    rows: int


def _display(kpi: Kpi, field: str) -> str:
    return str(getattr(kpi, f"get_{field}_display")()) if getattr(kpi, field) else ""


def definitions_table(coop: Cooperative) -> Sheet:
    kpis = (
        Kpi.objects.filter(cooperative=coop)
        .select_related("objective", "initiative", "owner")
        .order_by("position", "name")
    )
    header = [
        _("Indicador"),
        _("Nombre corto"),
        _("KPI o métrica"),
        _("Área"),
        _("Objetivo"),
        _("Sigue a"),
        _("Unidad"),
        _("Decimales"),
        _("Frecuencia"),
        _("Cómo se combinan los valores"),
        _("Dirección"),
        _("Tipo"),
        _("Prospectivo o retrospectivo"),
        _("Etapa del comprador"),
        _("Etapa de validación de mercado"),
        _("Responsable"),
        _("Línea base"),
        _("En rumbo desde (porcentaje de la meta)"),
        _("En riesgo desde (porcentaje de la meta)"),
        _("Escala"),
        _("Mínimo de la escala"),
        _("Máximo de la escala"),
        _("Qué mide"),
    ]
    rows = [
        [
            k.name,
            k.slug,
            _display(k, "kind"),
            _display(k, "area"),
            k.objective.title if k.objective else "",
            k.initiative.name if k.initiative else "",
            k.unit,
            k.decimals,
            _display(k, "frequency"),
            _display(k, "aggregation"),
            _display(k, "direction"),
            _display(k, "nature"),
            _display(k, "indicator"),
            _display(k, "buyer_stage"),
            _display(k, "market_stage"),
            str(k.owner) if k.owner else "",
            k.baseline,
            k.on_track_at,
            k.at_risk_at,
            _display(k, "scale_kind"),
            k.scale_min,
            k.scale_max,
            k.description,
        ]
        for k in kpis
    ]
    return Sheet(_("Indicadores"), header, rows, widths=(40, 24, 10, 14, 36, 28, 10) + (14,) * 15 + (60,))


def targets_table(coop: Cooperative) -> Sheet:
    targets = Target.objects.filter(kpi__cooperative=coop, kpi__deleted_at__isnull=True).select_related("kpi")
    header = [
        _("Indicador"),
        _("Nombre corto"),
        _("Desde"),
        _("Hasta"),
        _("Meta"),
        _("Mínimo del rango"),
        _("Máximo del rango"),
    ]
    rows = [
        [t.kpi.name, t.kpi.slug, t.start, t.end, t.value, t.low, t.high]
        for t in targets.order_by("kpi__position", "kpi__name", "start")
    ]
    return Sheet(_("Metas"), header, rows, widths=(40, 24, 12, 12, 14, 14, 14))


def okr_table(coop: Cooperative, *, today: date) -> Sheet:
    """One row per key result of every cycle, scored today (or graded at its close); empty without the OKR app."""
    header = [
        _("Ciclo"),
        _("Inicio"),
        _("Fin"),
        _("Objetivo"),
        _("Tipo"),
        _("Área"),
        _("Responsable"),
        _("Resultado clave"),
        _("Tipo de resultado"),
        _("Línea base"),
        _("Meta"),
        _("Valor actual"),
        _("Peso"),
        _("Sigue al indicador"),
        _("Nota"),
        _("Color"),
    ]
    rows = []
    if okrs.available():
        from rumbo.okrs import selectors
        from rumbo.okrs.choices import COLOUR_LABEL

        for cycle in selectors.cycles_of(coop).order_by("start", "pk"):
            for scored in selectors.scored_objectives(coop, cycle, today):
                o = scored.objective
                head = [
                    cycle.name,
                    cycle.start,
                    cycle.end,
                    o.title,
                    o.get_type_display(),
                    o.get_area_display() if o.area else "",
                    str(o.owner) if o.owner else "",
                ]
                lines: Sequence[ScoredKeyResult | None] = scored.key_results or [None]
                for skr in lines:
                    if skr is None:
                        rows.append(
                            head + [""] * 6 + ["", scored.score.grade, str(COLOUR_LABEL.get(scored.score.colour, ""))]
                        )
                        continue
                    kr = skr.key_result
                    rows.append(
                        head
                        + [
                            kr.title,
                            kr.get_kind_display(),
                            kr.baseline,
                            kr.target,
                            skr.current,
                            kr.weight,
                            kr.kpi.name if kr.kpi is not None else "",
                            skr.score.grade,
                            str(COLOUR_LABEL.get(skr.score.colour, "")),
                        ]
                    )
    return Sheet(_("OKR"), header, rows, widths=(22, 12, 12, 40, 14, 14, 22, 40, 14, 12, 12, 12, 8, 30, 8, 18))


def export_file(*, coop: Cooperative, table: str, fmt: str, today: date | None = None) -> ExportFile:
    """`table` is "indicadores", "metas", "okr" or "libro" (XLSX only: the values first, then the three tables)."""
    from rumbo.imports.services.export import values_sheet

    today = today or timezone.localdate()
    if fmt not in CONTENT_TYPES:
        raise ValueError(f"unknown export format {fmt!r}")
    stamp = today.isoformat()
    if table == "libro":
        if fmt != "xlsx":
            raise ValueError("the workbook is XLSX only")
        built = [
            values_sheet(coop=coop).sheet,
            definitions_table(coop),
            targets_table(coop),
            okr_table(coop, today=today),
        ]
        return ExportFile(
            write(fmt, *built), CONTENT_TYPES[fmt], f"rumbo-{coop.slug}-{stamp}.xlsx", sum(len(t.rows) for t in built)
        )
    builders = {"indicadores": definitions_table, "metas": targets_table, "okr": lambda c: okr_table(c, today=today)}
    if table not in builders:
        raise ValueError(f"unknown export table {table!r}")
    data = builders[table](coop)
    return ExportFile(write(fmt, data), CONTENT_TYPES[fmt], f"{table}-{coop.slug}-{stamp}.{fmt}", len(data.rows))
