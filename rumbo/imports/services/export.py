"""Every KPI value of a cooperative as a CSV or XLSX file in the long layout the importer reads back.

Columns: Indicador, Periodo, Valor, Nota — one row per value. The period is the date of the
period's first day, which the importer maps back to the KPI's own period whatever its
frequency. The KPI is named by its name, or by its short name when another KPI could be
mistaken for it. CSV is what Excel in Spanish opens as it is: UTF-8 with BOM, `;` between
fields, decimal comma. XLSX holds real numbers and dates.

Text that a spreadsheet would run as a formula (=, +, −, @ first) is neutralised: an
apostrophe in CSV, a text cell with Excel's quote prefix in XLSX. Numbers stay numbers.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from rumbo.imports.injection import is_dangerous, neutralise
from rumbo.imports.matching import KpiIndex
from rumbo.kpis import calendar
from rumbo.kpis.models import Kpi, Measurement
from rumbo.kpis.unreadable import VALUE, unreadable_in

HEADER = ["Indicador", "Periodo", "Valor", "Nota"]
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_DATE_FORMATS = {"month": "mmm-yyyy"}  # what Excel shows for each grain; others show the day
_DAY_FORMAT = "dd/mm/yyyy"


@dataclass(frozen=True)
class Export:
    data: bytes
    content_type: str
    filename: str
    values: int
    kpis: int
    unreadable: int = 0  # values written with an empty cell: stored out of the range Rumbo can read


def values_export(*, coop, fmt: str, today: date | None = None) -> Export:
    """The cooperative's values as `fmt` ("csv" or "xlsx")."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
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
    rows = [(by_id[m.kpi_id], m.period, m.value, _note(m, unreadable)) for m in measurements]
    data = _csv(rows, labels) if fmt == "csv" else _xlsx(rows, labels)
    stamp = (today or timezone.localdate()).isoformat()
    return Export(
        data=data,
        content_type=FORMATS[fmt],
        filename=f"valores-{coop.slug}-{stamp}.{fmt}",
        values=len(rows),
        kpis=len({kpi.pk for kpi, *_ in rows}),
        unreadable=len(unreadable),
    )


def _note(measurement, unreadable: dict) -> str:
    if measurement.pk not in unreadable:
        return measurement.note
    said = f"{VALUE} ({unreadable[measurement.pk]['value']})"
    return f"{said} {measurement.note}" if measurement.note else said


def _labels(kpis) -> dict[int, str]:
    """Each KPI's name, or its slug when the name would bring the values back to another KPI."""
    index = KpiIndex.of(kpis)
    return {kpi.pk: kpi.name if index.resolve(kpi.name) == [kpi] else kpi.slug for kpi in kpis}


def decimal_comma(value) -> str:
    """12345.500000 → '12345,5'; −3 → '-3' (a minus sign Excel reads as a number); None → ''."""
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _csv(rows, labels) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    for kpi, period, value, note in rows:
        writer.writerow(
            [neutralise(labels[kpi.pk]), period.strftime("%d/%m/%Y"), decimal_comma(value), neutralise(note)]
        )
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx(rows, labels) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook(write_only=False)
    sheet = book.active
    sheet.title = "Valores"
    sheet.append(HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, (kpi, period, value, note) in enumerate(rows, start=2):
        _text(sheet.cell(number, 1), labels[kpi.pk])
        day = sheet.cell(number, 2, period)
        day.number_format = _DATE_FORMATS.get(calendar.grain_of(kpi), _DAY_FORMAT)
        sheet.cell(number, 3, value)
        if note:
            _text(sheet.cell(number, 4), note)
    for letter, width in zip("ABCD", (40, 14, 14, 40)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _text(cell, text: str) -> None:
    # openpyxl turns any string starting with "=" into a formula; a text cell is what was typed.
    cell.value = text
    cell.data_type = "s"
    if is_dangerous(text):
        cell.quotePrefix = True
