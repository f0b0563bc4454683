"""Names and types of kept uploads: safe on disk and in headers, never served as something a browser runs."""

import pytest

from rumbo.imports.uploads import content_type_of, display_name, safe_filename


@pytest.mark.parametrize(
    "name, safe",
    [
        ("ventas.xlsx", "ventas.xlsx"),
        ("C:\\Mis documentos\\Café año 2024.XLSX", "Cafe_ano_2024.xlsx"),
        ("../../etc/passwd", "passwd.bin"),
        ("informe.html", "informe.html.bin"),
        ("dibujo.svg", "dibujo.svg.bin"),
        ("sin extensión", "sin_extension.bin"),
        (".xlsx", "archivo.xlsx"),
        ("¿¿??.csv", "archivo.csv"),
        ("a" * 300 + ".ods", "a" * 116 + ".ods"),
    ],
)
def test_a_kept_file_gets_a_safe_name_that_keeps_spreadsheet_extensions(name, safe):
    assert safe_filename(name) == safe


def test_the_name_shown_keeps_accents_but_loses_folders_and_control_characters():
    assert display_name("C:\\datos/Año\x00 2024\n.xlsx") == "Año 2024.xlsx"
    assert display_name("") == "archivo"


@pytest.mark.parametrize(
    "name, content_type",
    [
        ("a.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("a.CSV", "text/csv; charset=utf-8"),
        ("a.ods", "application/vnd.oasis.opendocument.spreadsheet"),
        ("a.html.bin", "application/octet-stream"),
    ],
)
def test_a_kept_file_is_served_with_a_spreadsheet_type_or_as_bytes(name, content_type):
    assert content_type_of(name) == content_type
