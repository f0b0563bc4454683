"""Reading uploaded spreadsheets: formats, encodings, header rows, and every refusal in Spanish."""

import io
import struct
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rumbo.engine.errors import RumboError
from rumbo.engine.spreadsheets.sheet_formats import OLE2_MAGIC, detect_delimiter
from rumbo.engine.spreadsheets.sheets import Issue, build_table, column_letter, read_table
from tests.engine.helpers import refusal

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sheets"
LONG_HEADER = ["Indicador", "Periodo", "Valor", "Nota"]


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def xlsx(rows, *, merges=(), title="Hoja1", at="A1", extra_sheets=()) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    first = openpyxl.utils.cell.coordinate_from_string(at)
    column0 = openpyxl.utils.column_index_from_string(first[0])
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                sheet.cell(first[1] + r, column0 + c, value)
    for cells in merges:
        sheet.merge_cells(cells)
    for name, state in extra_sheets:
        extra = book.create_sheet(name)
        extra.sheet_state = state
        extra["A1"], extra["B1"], extra["A2"], extra["B2"] = "Otra", "Hoja", "x", 1
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- every format, as LibreOffice (or Excel) writes it ------------------------------------


@pytest.mark.parametrize(
    "name, format, header, first_row, header_row, row_numbers",
    [
        ("valores_largo.xlsx", "xlsx", LONG_HEADER,
         ["Ventas totales", date(2024, 1, 1), 12345.5, None], 1, list(range(2, 10))),
        ("valores_largo.xls", "xls", LONG_HEADER,
         ["Ventas totales", date(2024, 1, 1), 12345.5, None], 1, list(range(2, 10))),
        ("valores_ancho.ods", "ods",
         ["Mes", "Ventas totales", "Socios activos", "Precio promedio (USD/qq)"],
         [date(2024, 1, 1), 12345.5, 312.0, 185.2], 1, [2, 3, 4, 5]),
        ("ventas_cp1252.csv", "csv", ["Indicador", "Período", "Valor", "Observación"],
         ["Ventas café pergamino", "01/01/2024", "1.234,56", "Señal débil"], 1, [2, 3, 4]),
        ("valores_bom.csv", "csv", ["kpi", "period", "value", "note"],
         ["Sales", "2024-01-31", "1,234.50", None], 1, [2, 3, 4]),
        ("titulo_encima.xlsx", "xlsx", LONG_HEADER,
         ["Ventas totales", "ene-2024", 12345.5, None], 4, [5, 6, 7]),
        ("columnas_mixtas.ods", "ods", ["Fecha", "Socio", "Producto", "Kilos", "Código", "Monto"],
         [date(2024, 1, 5), "Ana", "Pergamino", 100.0, 101.0, 250.0], 1, list(range(2, 14))),
        ("fechas_malas.xlsx", "xlsx", ["Indicador", "Periodo", "Valor"],
         ["Ventas", "ene-2024", 100.0], 1, list(range(2, 9))),
    ],
)  # fmt: skip
def test_it_reads_each_fixture_as_its_author_sees_it(name, format, header, first_row, header_row, row_numbers):
    table = read_table(fixture(name), name)
    assert table.format == format
    assert table.header == header
    assert table.rows[0] == first_row
    assert table.header_row == header_row
    assert table.row_numbers == row_numbers
    assert all(len(row) == len(header) for row in table.rows)


def test_a_cp1252_csv_keeps_its_accents_and_semicolons():
    table = read_table(fixture("ventas_cp1252.csv"), "ventas.csv")
    assert (table.encoding, table.delimiter) == ("cp1252", ";")
    assert table.rows[2] == ["Participación de socias", "01/01/2024", "45\xa0%", "Asamblea de enero"]


def test_a_bom_csv_loses_its_bom_and_keeps_quoted_commas():
    table = read_table(fixture("valores_bom.csv"), "valores.csv")
    assert (table.encoding, table.delimiter) == ("utf-8-sig", ",")
    assert table.header[0] == "kpi"
    assert table.rows[1][3] == "promo, fair"


def test_a_workbook_reports_its_sheets_and_reads_the_first_visible_one():
    data = xlsx([["Oculta", "x"], ["1", "2"]], title="Vieja", extra_sheets=[("Datos", "visible")])
    book = openpyxl.load_workbook(io.BytesIO(data))
    book["Vieja"].sheet_state = "hidden"
    book.active = 1
    buffer = io.BytesIO()
    book.save(buffer)
    table = read_table(buffer.getvalue(), "libro.xlsx")
    assert table.sheets == ("Vieja", "Datos")
    assert table.sheet == "Datos"


@pytest.mark.parametrize("sheet", ["Datos", "datos ", 1])
def test_a_sheet_can_be_chosen_by_name_or_position(sheet):
    data = xlsx([["Primera", "hoja"], ["a", "b"]], extra_sheets=[("Datos", "visible")])
    assert read_table(data, "libro.xlsx", sheet=sheet).header == ["Otra", "Hoja"]


def test_a_missing_sheet_is_named_with_the_sheets_there_are():
    data = xlsx([["a", "b"], [1, 2]], extra_sheets=[("Datos", "visible")])
    with pytest.raises(RumboError) as error:
        read_table(data, "libro.xlsx", sheet="Ventas")
    assert str(error.value) == "«libro.xlsx» no tiene una hoja «Ventas». Sus hojas son: Hoja1, Datos."


# --- CSV dialects and encodings -------------------------------------------------------------


@pytest.mark.parametrize(
    "content, encoding, delimiter, rows",
    [
        ("Mes;Ventas\nene-2024;1.234,5\nfeb-2024;2.000,25\n".encode("cp1252"), "utf-8", ";",
         [["ene-2024", "1.234,5"], ["feb-2024", "2.000,25"]]),
        (b"Mes;Valor\nene-2024;1,5\nfeb-2024;2,5\n", "utf-8", ";",
         [["ene-2024", "1,5"], ["feb-2024", "2,5"]]),
        ("Año;Señal\n2024;sí\n".encode("cp1252"), "cp1252", ";", [["2024", "sí"]]),
        ("Año;Señal\n2024;\x81\n".encode("latin-1"), "latin-1", ";", [["2024", "\x81"]]),
        ("Mes\tValor\nene\t1,5\n".encode("utf-16"), "utf-16", "\t", [["ene", "1,5"]]),
        (b"Mes,Valor\r\nene,\"1,5\"\r\nfeb,2\r\n", "utf-8", ",", [["ene", "1,5"], ["feb", "2"]]),
        (b"Mes|Valor\nene|1\nfeb|2\n", "utf-8", "|", [["ene", "1"], ["feb", "2"]]),
        (b"sep=,\nMes,Valor\nene,1\n", "utf-8", ",", [["ene", "1"]]),
        (b"Valor\n15\n25\n", "utf-8", ";", [["15"], ["25"]]),
        (b"Mes;Valor;;\nene;1;;\n;;;\n\n", "utf-8", ";", [["ene", "1"]]),
    ],
)  # fmt: skip
def test_csv_encoding_and_delimiter_are_detected(content, encoding, delimiter, rows):
    table = read_table(content, "datos.csv")
    assert (table.encoding, table.delimiter) == (encoding, delimiter)
    assert table.rows == rows


def test_the_sep_line_counts_as_a_row_like_excel_shows_it():
    table = read_table(b"sep=;\nMes;Valor\nene;1\n", "datos.csv")
    assert (table.header_row, table.row_numbers) == (2, [3])


@pytest.mark.parametrize(
    "lines, delimiter",
    [
        (["Periodo;Valor", "ene-2024;1.234,56", "feb-2024;2.345,67"], ";"),
        (["ene-2024;1,5", "feb-2024;2,5", "mar-2024;3,5"], ";"),
        (["a,b,c", "1,2,3", "4,5,6"], ","),
        (["a\tb", "1,5\t2,5"], "\t"),
        (["solo una columna", "otra"], ";"),
    ],
)
def test_decimal_commas_do_not_fool_the_delimiter_guess(lines, delimiter):
    assert detect_delimiter("\n".join(lines)) == delimiter


def test_blank_rows_are_skipped_but_rows_keep_their_spreadsheet_numbers():
    table = read_table(b"Mes;Valor\nene;1\n\n;\nfeb;2\n\n\n", "datos.csv")
    assert table.rows == [["ene", "1"], ["feb", "2"]]
    assert table.row_numbers == [2, 5]


def test_quoted_fields_may_hold_newlines():
    table = read_table(b'Mes;Nota\nene;"dos\nlineas"\nfeb;x\n', "datos.csv")
    assert table.rows == [["ene", "dos\nlineas"], ["feb", "x"]]


def test_an_unclosed_quote_in_a_huge_field_is_reported_with_its_row():
    data = b'Mes;Nota\nene;x\nfeb;"' + b"a" * 200_000 + b"\n"
    with pytest.raises(RumboError) as error:
        read_table(data, "datos.csv")
    assert "cerca de la fila 3" in str(error.value)


# --- header row, edges, merged and empty header cells ----------------------------------------


def test_title_rows_above_the_header_are_skipped_and_said():
    table = read_table(fixture("titulo_encima.xlsx"), "titulo.xlsx")
    assert table.header_row == 4
    assert [n.message for n in table.notices] == [
        "Se tomó la fila 4 como encabezado; las filas de arriba parecen títulos y no se leen."
    ]


def test_a_label_and_value_line_is_not_taken_for_the_header():
    data = b"Cooperativa:;La Esperanza\nPeriodo;Ventas;Socios\nene-2024;1;2\n"
    assert read_table(data, "datos.csv").header == ["Periodo", "Ventas", "Socios"]


def test_the_header_row_can_be_forced_when_the_guess_is_wrong():
    data = b"2023;2024\nMes;Valor\nene;1\n"
    assert read_table(data, "datos.csv", header_row=2).header == ["Mes", "Valor"]
    with pytest.raises(RumboError) as error:
        read_table(data, "datos.csv", header_row=9)
    assert str(error.value) == "La fila 9 no existe o está vacía; no puede ser el encabezado."


def test_a_table_placed_away_from_a1_keeps_its_letters_and_row_numbers():
    data = xlsx([["Periodo", "Valor"], ["ene-2024", 5], [None, None], ["feb-2024", 6]], at="C4")
    table = read_table(data, "libro.xlsx")
    assert table.columns == ["C", "D"]
    assert (table.header_row, table.row_numbers) == (4, [5, 7])


def test_merged_header_cells_in_xlsx_are_reported_with_their_range():
    table = read_table(fixture("encabezado_combinado.xlsx"), "combinado.xlsx")
    assert table.header == ["Mes", "Ventas", "", "Socios activos"]
    assert [(n.column, n.message) for n in table.notices] == [
        ("B", "Las celdas de encabezado B1:C1 están combinadas. Separe las celdas combinadas y "
              "escriba un nombre en cada columna.")
    ]  # fmt: skip


def test_merged_header_cells_in_ods_show_as_an_empty_header_next_to_a_filled_one():
    table = read_table(fixture("encabezado_combinado.ods"), "combinado.ods")
    assert [(n.column, n.message) for n in table.notices] == [
        ("C", "La columna C tiene datos pero su encabezado está vacío; ¿está combinado con la "
              "columna B? Escriba un nombre en cada columna.")
    ]  # fmt: skip


def test_repeated_column_names_are_reported():
    table = read_table(b"Mes;Valor;valor\nene;1;2\n", "datos.csv")
    assert [n.message for n in table.notices] == ["Varias columnas se llaman «Valor» (B, C)."]


def test_build_table_accepts_plain_python_rows():
    table = build_table([["Mes", "Valor", None], ["ene", 1, None], [None, None, None]])
    assert (table.header, table.rows, table.columns) == (["Mes", "Valor"], [["ene", 1]], ["A", "B"])


@pytest.mark.parametrize("index, letter", [(0, "A"), (25, "Z"), (26, "AA"), (51, "AZ"), (701, "ZZ"), (702, "AAA")])
def test_column_letters_follow_the_spreadsheet(index, letter):
    assert column_letter(index) == letter


def test_an_issue_says_where_it_happened():
    issue = Issue("«%(text)s» no es un número.", {"text": "abc"}, row=7, column="C", header="Valor")
    assert str(issue) == "Fila 7, columna C (Valor): «abc» no es un número."
    english = {"Fila %(row)s, columna %(column)s": "Row %(row)s, column %(column)s",
               "«%(text)s» no es un número.": "“%(text)s” is not a number."}  # fmt: skip
    assert issue.located(lambda s: english.get(s, s)) == "Row 7, column C (Valor): “abc” is not a number."


# --- refusals, each with its Spanish message --------------------------------------------------

PROTECTED = (
    "«{name}» está protegido con contraseña y no se puede leer. Ábralo con su contraseña en "
    "Excel o LibreOffice, guárdelo sin contraseña y vuelva a subirlo."
)


@pytest.mark.parametrize(
    "name, message",
    [
        ("protegido.xlsx", PROTECTED.format(name="protegido.xlsx")),
        ("protegido.xls", PROTECTED.format(name="protegido.xls")),
        ("protegido.ods", PROTECTED.format(name="protegido.ods")),
        ("vacio.csv", "«vacio.csv» está vacío."),
        ("hoja_vacia.xlsx", "La hoja «Hoja1» de «hoja_vacia.xlsx» está vacía."),
        ("imagen.xlsx", "«imagen.xlsx» no es una hoja de cálculo (su contenido es PNG). "
                        "Suba un archivo .xlsx, .xls, .ods o .csv."),
    ],
)  # fmt: skip
def test_fixtures_that_cannot_be_read_say_why(name, message):
    assert refusal(read_table, fixture(name), name) == message


def test_the_password_protected_xlsx_is_an_ole2_file_with_an_encrypted_package():
    data = fixture("protegido.xlsx")
    assert data.startswith(OLE2_MAGIC)
    assert "EncryptedPackage".encode("utf-16-le") in data


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


NOT_A_SHEET = "«{name}» no es una hoja de cálculo (su contenido es {kind}). Suba un archivo .xlsx, .xls, .ods o .csv."
REWEB = "«datos.xls» es una página web (HTML) con nombre de hoja de cálculo, como las que exportan algunos sistemas. Ábrala en Excel o LibreOffice y guárdela como .xlsx, .ods o .csv."
DAMAGED = "«{name}» está dañado o no se puede leer como hoja de cálculo. Ábralo en Excel o LibreOffice, guárdelo de nuevo y vuelva a subirlo."


@pytest.mark.parametrize(
    "data, name, message",
    [
        (b"%PDF-1.7\n...", "informe.xlsx", NOT_A_SHEET.format(name="informe.xlsx", kind="PDF")),
        (b"\xff\xd8\xff\xe0foto", "foto.csv", NOT_A_SHEET.format(name="foto.csv", kind="JPEG")),
        (b"\x00\x01\x02binario\x00", "datos.csv", NOT_A_SHEET.format(name="datos.csv", kind="binario")),
        (_zip({"word/document.xml": b"<w/>"}), "carta.xlsx", NOT_A_SHEET.format(name="carta.xlsx", kind="Word")),
        (_zip({"fotos/a.txt": b"x"}), "fotos.xlsx", NOT_A_SHEET.format(name="fotos.xlsx", kind="ZIP")),
        (_zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}),
         "carta.ods", NOT_A_SHEET.format(name="carta.ods", kind="OpenDocument")),
        (b"<html><body><table><tr><td>1</td></tr></table>", "datos.xls", REWEB),
        (b"\xef\xbb\xbf  <!DOCTYPE html><html>", "datos.xls", REWEB),
        (b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">',
         "datos.xml", "«datos.xml» es un archivo XML (por ejemplo, «Hoja de cálculo XML 2003»). "
                      "Ábralo en Excel o LibreOffice y guárdelo como .xlsx, .ods o .csv."),
        (b"PK\x03\x04not really a zip", "roto.xlsx", DAMAGED.format(name="roto.xlsx")),
        (OLE2_MAGIC + b"\x00" * 600, "roto.xls", DAMAGED.format(name="roto.xls")),
        (_zip({"xl/workbook.xml": b"<nope"}), "roto.xlsx", DAMAGED.format(name="roto.xlsx")),
        (b" \n\t\r\n", "blanco.csv", "«blanco.csv» está vacío."),
    ],
)  # fmt: skip
def test_files_that_are_not_spreadsheets_are_refused_before_parsing(data, name, message):
    assert refusal(read_table, data, name) == message


def test_a_file_over_the_size_limit_is_refused_with_both_sizes():
    with pytest.raises(RumboError) as error:
        read_table(b"a;b\n" * 300_000, "grande.csv", max_bytes=1_048_576)
    assert str(error.value) == "«grande.csv» pesa 1,1 MB; el máximo es 1 MB."


def _bomb(megabytes: int) -> bytes:
    """A real xlsx whose sheet XML is megabytes of spaces: tiny compressed, huge inflated."""
    source = zipfile.ZipFile(io.BytesIO(xlsx([["a", "b"], [1, 2]])))
    entries = {info.filename: source.read(info.filename) for info in source.infolist()}
    sheet = entries["xl/worksheets/sheet1.xml"]
    head, tail = sheet.split(b"<sheetData>")
    entries["xl/worksheets/sheet1.xml"] = head + b"<sheetData>" + b" " * (megabytes << 20) + tail
    return _zip(entries)


def test_a_zip_bomb_is_refused_before_calamine_inflates_it():
    data = _bomb(20)
    assert len(data) < 100_000
    with pytest.raises(RumboError) as error:
        read_table(data, "bomba.xlsx")
    assert str(error.value) == (
        "«bomba.xlsx» se descomprime en 20 MB o está comprimido de forma anormal (posible "
        "«bomba zip»); no se abre por seguridad."
    )


def test_the_uncompressed_total_has_a_limit_too():
    data = xlsx([["a", "b"]] + [[i, i * 2] for i in range(2000)])
    with pytest.raises(RumboError) as error:
        read_table(data, "libro.xlsx", max_uncompressed_bytes=10_000)
    assert "no se abre por seguridad" in str(error.value)


def test_a_zip_entry_that_lies_about_its_size_is_not_inflated_past_it():
    data = bytearray(_bomb(2))
    name = b"xl/worksheets/sheet1.xml"
    for signature, size_at, name_length_at, name_at in ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46)):
        position = data.find(signature)
        while position >= 0:
            length = struct.unpack_from("<H", data, position + name_length_at)[0]
            if data[position + name_at : position + name_at + length] == name:
                struct.pack_into("<I", data, position + size_at, 1000)  # claims 1 KB
            position = data.find(signature, position + 4)
    with pytest.raises(RumboError) as error:
        read_table(bytes(data), "mentira.xlsx")
    assert str(error.value) == DAMAGED.format(name="mentira.xlsx")


@pytest.mark.parametrize("data, name", [
    (b"a;b\n" + b"1;2\n" * 20, "datos.csv"),
    (xlsx([["a", "b"]] + [[i, i] for i in range(20)]), "datos.xlsx"),
])  # fmt: skip
def test_too_many_rows_are_refused(data, name):
    with pytest.raises(RumboError) as error:
        read_table(data, name, max_rows=10)
    assert str(error.value) == (
        f"«{name}» tiene más de 10 filas. Divida el archivo o suba solo las filas que necesita."
    )


@pytest.mark.parametrize("data, name", [
    (b";".join([b"c"] * 30) + b"\n", "datos.csv"),
    (xlsx([[f"c{i}" for i in range(30)]]), "datos.xlsx"),
])  # fmt: skip
def test_too_many_columns_are_refused(data, name):
    with pytest.raises(RumboError) as error:
        read_table(data, name, max_columns=20)
    assert str(error.value) == (f"«{name}» tiene 30 columnas; el máximo es 20. Suba solo las columnas que necesita.")


MAGIC = st.sampled_from([b"", b"PK\x03\x04", OLE2_MAGIC, b"\xef\xbb\xbf", b"\xff\xfe", b"<html>"])


@settings(deadline=None)
@given(MAGIC, st.binary(max_size=400))
def test_any_bytes_give_a_table_or_a_rumbo_error(magic, body):
    try:
        table = read_table(magic + body, "subida.xlsx")
    except RumboError:
        return
    assert all(len(row) == len(table.header) for row in table.rows)


@settings(deadline=None)
@given(st.lists(st.lists(st.text(alphabet='ab1,;.\t" \n', max_size=6), max_size=5), max_size=8))
def test_any_csv_text_gives_a_table_or_a_rumbo_error(rows):
    text = "\n".join(";".join(cells) for cells in rows)
    try:
        table = read_table(text.encode(), "subida.csv")
    except RumboError:
        return
    assert len(table.rows) == len(table.row_numbers)
