"""Malicious spreadsheets: each gives a table of plain values or a Spanish refusal, quickly and without blowing up memory."""

import io
import re
import resource
import zipfile

import pytest

from rumbo.engine.errors import RumboError
from rumbo.engine.spreadsheets.sheets import read_table
from tests.engine.test_sheets import FIXTURES, _zip, xlsx

LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode() for i in range(1, 10)
    )
    + b"]>"
)


def _entries(data: bytes) -> dict[str, bytes]:
    source = zipfile.ZipFile(io.BytesIO(data))
    return {info.filename: source.read(info.filename) for info in source.infolist()}


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _table_or_refusal(data: bytes, name: str):
    try:
        return read_table(data, name)
    except RumboError as error:
        return str(error)


def test_billion_laughs_in_an_xlsx_is_not_expanded():
    entries = _entries(xlsx([["Indicador", "Valor"], [None, 1]]))
    sheet = entries["xl/worksheets/sheet1.xml"]
    body = sheet.split(b"?>", 1)[1] if sheet.startswith(b"<?xml") else sheet
    laugh = b'<c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c>'
    entries["xl/worksheets/sheet1.xml"] = LAUGHS + re.sub(rb'(<row r="2"[^>]*>)', rb"\1" + laugh, body)
    before = _peak_mb()
    outcome = _table_or_refusal(_zip(entries), "risas.xlsx")
    assert _peak_mb() - before < 200  # a billion "lol"s would need 3 GB
    if not isinstance(outcome, str):
        assert all(len(str(cell)) < 1000 for row in outcome.rows for cell in row)


def test_billion_laughs_in_an_ods_is_not_expanded():
    content = (
        LAUGHS + b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
        b'<table:table table:name="Hoja1"><table:table-row><table:table-cell office:value-type="string">'
        b"<text:p>&lol9;</text:p></table:table-cell></table:table-row></table:table>"
        b"</office:spreadsheet></office:body></office:document-content>"
    )
    data = _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": content})
    before = _peak_mb()
    outcome = _table_or_refusal(data, "risas.ods")
    assert _peak_mb() - before < 200
    if not isinstance(outcome, str):
        assert all(len(str(cell)) < 1000 for row in outcome.rows for cell in row)


def test_a_sheet_that_claims_absurd_dimensions_is_read_by_its_real_cells():
    entries = _entries(xlsx([["Indicador", "Valor"], ["Ventas", 1]]))
    sheet = entries["xl/worksheets/sheet1.xml"]
    start = sheet.index(b"<dimension")
    end = sheet.index(b"/>", start) + 2
    entries["xl/worksheets/sheet1.xml"] = sheet[:start] + b'<dimension ref="A1:XFD1048576"/>' + sheet[end:]
    before = _peak_mb()
    table = read_table(_zip(entries), "enorme.xlsx")
    assert (table.header, len(table.rows)) == (["Indicador", "Valor"], 1)
    assert _peak_mb() - before < 200


def test_a_cell_far_away_is_refused_by_the_limits_before_the_grid_is_built():
    data = xlsx([["Indicador", "Valor"], ["Ventas", 1]] + [[None] * 5] * 3)
    entries = _entries(data)
    sheet = entries["xl/worksheets/sheet1.xml"]
    far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    entries["xl/worksheets/sheet1.xml"] = sheet.replace(b"</sheetData>", far)
    with pytest.raises(RumboError) as error:
        read_table(_zip(entries), "lejos.xlsx")
    assert "columnas; el máximo es 1.000" in str(error.value)


@pytest.mark.parametrize("name, data", [
    ("anchas.csv", (";".join(f"c{i}" for i in range(10_000)) + "\n" + ";".join("1" * 10_000) + "\n").encode()),
    ("anchas.xlsx", xlsx([[f"c{i}" for i in range(10_000)], [1] * 10_000])),
])  # fmt: skip
def test_ten_thousand_columns_are_refused_with_the_limit(name, data):
    with pytest.raises(RumboError) as error:
        read_table(data, name)
    assert str(error.value) == (
        f"«{name}» tiene 10.000 columnas; el máximo es 1.000. Suba solo las columnas que necesita."
    )


def test_a_200_mb_single_cell_is_refused_by_its_size_before_it_is_read():
    data = b"Indicador;Valor\nVentas;" + b"9" * (200 << 20) + b"\n"
    with pytest.raises(RumboError) as error:
        read_table(data, "celda.csv")
    assert str(error.value) == "«celda.csv» pesa 200,0 MB; el máximo es 50 MB."


def test_a_huge_cell_within_the_size_limit_is_refused_with_its_row():
    cell = "=" + "A" * (20 << 20)  # 20 MB starting like a formula
    with pytest.raises(RumboError) as error:
        read_table(f"Indicador;Valor\nVentas;{cell}\n".encode(), "celda.csv")
    assert str(error.value) == (
        "«celda.csv» no se puede leer como CSV cerca de la fila 2 (una celda demasiado larga o unas comillas sin cerrar)."
    )


def test_a_sheet_with_too_many_cells_in_all_is_refused_before_the_grid_is_built():
    entries = _entries(xlsx([["Indicador", "Valor"], ["Ventas", 1]]))
    far = b'<row r="1000000"><c r="ALL1000000" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    entries["xl/worksheets/sheet1.xml"] = entries["xl/worksheets/sheet1.xml"].replace(b"</sheetData>", far)
    with pytest.raises(RumboError) as error:
        read_table(_zip(entries), "lejos.xlsx")
    assert str(error.value) == (
        "«lejos.xlsx» llega hasta la fila 1.000.000 y la columna 1.000: más de 20.000.000 celdas. "
        "Borre las filas y columnas que no usa o suba solo las que necesita."
    )


def _ods_with_repeated_cells(rows: int, columns: int) -> bytes:
    entries = _entries((FIXTURES / "valores_ancho.ods").read_bytes())
    repeated = (
        b'<table:table-row table:number-rows-repeated="%d"><table:table-cell table:number-columns-repeated="%d" '
        b'office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row></table:table>'
    ) % (rows, columns)
    entries["content.xml"] = entries["content.xml"].replace(b"</table:table>", repeated, 1)
    return _zip(entries)


def test_an_ods_cell_repeated_a_hundred_million_times_is_refused_before_the_grid_is_built():
    data = _ods_with_repeated_cells(100_000, 1_000)
    assert len(data) < 10_000
    with pytest.raises(RumboError) as error:
        read_table(data, "repetida.ods")
    assert str(error.value).startswith(
        "«repetida.ods» llega hasta la fila 100.005 y la columna 1.000: más de 20.000.000 celdas."
    )


def test_an_ods_with_a_few_repeated_cells_reads_them_all():
    table = read_table(_ods_with_repeated_cells(3, 4), "repetida.ods")
    assert len(table.rows) == 4 + 3 and table.rows[-1][:4] == [1.0, 1.0, 1.0, 1.0]
