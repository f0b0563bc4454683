"""Finding percentage-formatted cells, which python-calamine reads without their format."""

from pathlib import Path

from rumbo.imports.percent_cells import percent_cells
from tests.imports.helpers import fixture, xlsx

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "imports"


def test_xlsx_cells_with_a_percentage_format_are_found_by_row_and_letter():
    data = xlsx([("a", "b", "c"), (0.45, 0.8, "45 %"), (None, 0.1, 2)], formats={"A2": "0%", "B3": "0.00%", "C2": "0%"})
    assert percent_cells(data, "xlsx", "Sheet") == {(2, "A"), (3, "B")}


def test_ods_percentage_cells_written_by_libreoffice_are_found():
    assert percent_cells((HERE / "porcentajes.ods").read_bytes(), "ods", "Sheet") == {(2, "C"), (5, "C")}


def test_formats_that_cannot_say_give_nothing_rather_than_a_guess():
    assert percent_cells((HERE / "porcentajes.xls").read_bytes(), "xls", "Sheet") is None
    assert percent_cells(fixture("valores_bom.csv"), "csv", None) is None
    assert percent_cells(b"PK\x03\x04 broken", "xlsx", None) is None
