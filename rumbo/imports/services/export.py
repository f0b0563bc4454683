"""Every KPI value of a cooperative as a CSV or XLSX file in the long layout the importer reads back.

Columns: Indicador, Periodo, Valor, Nota — one row per value. The period is the date of the
period's first day, which the importer maps back to the KPI's own period whatever its
frequency. The KPI is named by its name, or by its short name when another KPI could be
mistaken for it. CSV is what Excel in Spanish opens as it is: UTF-8 with BOM, `;` between
fields, decimal comma. XLSX holds real numbers and dates.

Text that a spreadsheet would run as a formula (=, +, −, @ first) is neutralised: an
apostrophe in CSV, a text cell with Excel's quote prefix in XLSX. Numbers stay numbers.
The files are written by `rumbo.engine.spreadsheets.writing`, like every other export.
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from rumbo.engine.spreadsheets.writing import CONTENT_TYPES, DAY_FORMAT, Dated, Sheet, write
from rumbo.imports.matching import KpiIndex
from rumbo.kpis import calendar
from rumbo.kpis.models import Kpi, Measurement
from rumbo.kpis.unreadable import VALUE, unreadable_in
from rumbo.orgs.models import Cooperative

HEADER = ["Indicador", "Periodo", "Valor", "Nota"]
_DATE_FORMATS = {"month": "mmm-yyyy"}  # what Excel shows for each grain; others show the day


@dataclass(frozen=True)
class Export:
    data: bytes
    content_type: str
    filename: str
    values: int
    kpis: int
    unreadable: int = 0  # values written with an empty cell: stored out of the range Rumbo can read


@dataclass(frozen=True)
class Values:
    """The «Valores» sheet, with how many KPIs it names and how many values it leaves empty."""

    sheet: Sheet
    kpis: int
    unreadable: int


def values_sheet(*, coop: Cooperative) -> Values:
    """The cooperative's values as the first sheet of an export, in the layout the importer reads."""
    kpis = list(Kpi.objects.filter(cooperative=coop).select_related("cooperative"))
    labels = _labels(kpis)
    measurements = (
        Measurement.objects.filter(kpi__in=kpis, value__isnull=False)
        .order_by("kpi__position", "kpi__name", "kpi_id", "period")
        .only("kpi_id", "period", "value", "note")
    )
    by_id = {kpi.pk: kpi for kpi in kpis}
    # A value that cannot be read (out of range) goes out with an empty cell, which an import skips, and says so.
    unreadable = unreadable_in(measurements, ["value"])
    rows = [
        [
            labels[m.kpi_id],
            Dated(m.period, _DATE_FORMATS.get(calendar.grain_of(by_id[m.kpi_id]), DAY_FORMAT)),
            m.value,
            _note(m, unreadable) or None,
        ]
        for m in measurements
    ]
    sheet = Sheet("Valores", HEADER, rows, widths=(40, 14, 14, 40))
    return Values(sheet, kpis=len({m.kpi_id for m in measurements}), unreadable=len(unreadable))


def values_export(*, coop: Cooperative, fmt: str, today: date | None = None) -> Export:
    """The cooperative's values as `fmt` ("csv" or "xlsx")."""
    if fmt not in CONTENT_TYPES:
        raise ValueError(f"unknown export format {fmt!r}")
    values = values_sheet(coop=coop)
    stamp = (today or timezone.localdate()).isoformat()
    return Export(
        data=write(fmt, values.sheet),
        content_type=CONTENT_TYPES[fmt],
        filename=f"valores-{coop.slug}-{stamp}.{fmt}",
        values=len(values.sheet.rows),
        kpis=values.kpis,
        unreadable=values.unreadable,
    )


def _note(measurement: Measurement, unreadable: dict[int, dict[str, str]]) -> str:
    if measurement.pk not in unreadable:
        return measurement.note
    said = f"{VALUE} ({unreadable[measurement.pk]['value']})"
    return f"{said} {measurement.note}" if measurement.note else said


def _labels(kpis: list[Kpi]) -> dict[int, str]:
    """Each KPI's name, or its slug when the name would bring the values back to another KPI."""
    index = KpiIndex.of(kpis)
    return {kpi.pk: kpi.name if index.resolve(kpi.name) == [kpi] else kpi.slug for kpi in kpis}
