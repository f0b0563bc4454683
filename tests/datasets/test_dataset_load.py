"""dataset_load: every upload a new version (replace or append), old ones kept; bad files refused with nothing written."""

from pathlib import Path

import polars as pl
import pytest
from django.core.exceptions import ValidationError

from rumbo.bin.services import bin_delete
from rumbo.datasets.models import Dataset, DatasetVersion
from rumbo.datasets.services.loading import dataset_load
from rumbo.files import store
from tests.datasets.conftest import SALES, csv_bytes

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sheets"


def media(relative) -> Path:
    return store.local_path(relative)


def test_a_first_upload_creates_the_dataset_with_version_1_typed_in_spanish(load, cast):
    loaded = load()
    version = loaded.version
    assert (version.dataset, version.number, version.mode, version.rows) == (cast.dataset, 1, "replace", 5)
    assert version.columns == [
        ["Fecha", "date"],
        ["Cliente", "text"],
        ["Producto", "text"],
        ["Cantidad", "number"],
        ["Monto", "number"],
    ]
    frame = pl.read_parquet(media(version.file))
    assert frame["Monto"].to_list() == [1200.5, 300.0, 1800.0, 1250.25, 310.0]
    assert media(version.original).read_bytes() == csv_bytes(SALES)  # the upload is kept as it came
    assert version.original_name == "ventas.csv" and version.created_by == cast.editor


def test_a_new_name_creates_a_new_dataset(load, cast):
    loaded = load(name="Acopio 2024")
    assert loaded.version.dataset.name == "Acopio 2024"
    assert set(Dataset.objects.filter(cooperative=cast.coop).values_list("name", flat=True)) == {
        "ventas",
        "Acopio 2024",
    }


def test_each_upload_is_a_new_version_and_old_versions_are_kept(load):
    first = load().version
    second = load(SALES[:2], name="VENTAS").version  # the name matches without regard to case
    assert (second.dataset_id, second.number, second.rows) == (first.dataset_id, 2, 2)
    assert pl.read_parquet(media(first.file)).height == 5
    assert pl.read_parquet(media(second.file)).height == 2


def test_append_adds_the_rows_to_the_last_version(load):
    load()
    more = [("03/05/2024", "Ana", "tostado", "1", "299,99")]
    version = load(more, append=True, filename="mayo.csv").version
    assert (version.number, version.mode, version.rows) == (2, "append", 6)
    assert pl.read_parquet(media(version.file))["Monto"].to_list()[-1] == 299.99
    assert [s["name"] for s in version.sources] == ["ventas.csv", "mayo.csv"]


def test_append_reads_the_new_rows_with_the_types_of_the_dataset(load):
    load(types={"Cantidad": "texto"})
    version = load([("03/05/2024", "Ana", "tostado", "007", "1")], append=True).version
    assert version.types["Cantidad"] == "text"
    assert pl.read_parquet(media(version.file))["Cantidad"].to_list()[-1] == "007"


def test_a_type_can_be_forced_at_upload(load):
    version = load(types={"cantidad": "texto"}).version
    assert version.types["Cantidad"] == "text" and version.corrections == {"Cantidad": "text"}


def test_a_replacement_keeps_the_types_corrected_by_hand(load):
    load(types={"Cantidad": "texto"})
    version = load(SALES[:2]).version
    assert (version.number, version.types["Cantidad"], version.types["Monto"]) == (2, "text", "number")


def test_cells_that_do_not_fit_are_emptied_and_reported_with_row_and_column(load):
    rows = [*SALES, *SALES, ("06/06/2024", "Eva", "tostado", "1", "pendiente")]
    loaded = load(rows)
    assert [p.located() for p in loaded.problems] == [
        "Fila 12, columna E (Monto): «pendiente» no es un número; la celda queda vacía."
    ]
    assert loaded.version.problem_count == 1 and loaded.version.problems[0]["row"] == 12


def test_an_xlsx_upload_is_read_like_a_csv(cast):
    data = (FIXTURES / "titulo_encima.xlsx").read_bytes()
    try:
        loaded = dataset_load(
            coop=cast.coop, name="valores", data=data, filename="titulo_encima.xlsx", user=cast.editor
        )
    except ValidationError as err:  # the fixture may hold no date column: then that is what is said
        assert "ninguna columna de fechas" in " ".join(err.messages)
    else:
        assert loaded.version.rows > 0


def nothing_written(cast):
    return not DatasetVersion.objects.filter(dataset__cooperative=cast.coop).exists()


@pytest.mark.parametrize(
    "data, filename, message",
    [
        (b"", "ventas.csv", "«ventas.csv» está vacío."),
        (b"%PDF-1.4 un informe", "ventas.xlsx", "no es una hoja de cálculo"),
        (
            csv_bytes([("Ana", "1")], header=("Cliente", "Monto")),
            "clientes.csv",
            "«clientes.csv» no tiene ninguna columna de fechas",
        ),
        (csv_bytes([], header=("Fecha", "Monto")), "vacia.csv", "tiene encabezados pero ninguna fila de datos"),
    ],
)
def test_bad_files_are_refused_with_a_spanish_message_and_nothing_written(cast, data, filename, message):
    with pytest.raises(ValidationError) as err:
        dataset_load(coop=cast.coop, name="ventas", data=data, filename=filename, user=cast.editor)
    assert message in " ".join(err.value.messages)
    assert nothing_written(cast)


def test_a_file_without_a_date_column_lists_the_columns_it_read(cast):
    with pytest.raises(ValidationError) as err:
        dataset_load(
            coop=cast.coop, name="ventas", data=csv_bytes([("Ana", "1")], header=("Cliente", "Monto")), filename="c.csv"
        )
    assert "Columnas leídas: Cliente (texto), Monto (número)." in err.value.messages[0]


def test_appending_needs_the_same_columns(load, cast):
    load()
    with pytest.raises(ValidationError) as err:
        load([("03/05/2024", "1")], header=("Fecha", "Precio"), append=True, filename="otra.csv")
    assert err.value.messages == [
        "Para agregar filas, «otra.csv» debe tener las mismas columnas que «ventas»: le faltan «Cliente», «Producto», "
        "«Cantidad», «Monto» y sobran «Precio»."
    ]
    assert DatasetVersion.objects.filter(dataset__cooperative=cast.coop).count() == 1


def test_appending_to_nothing_is_refused(load):
    with pytest.raises(ValidationError) as err:
        load(append=True)
    assert "No hay datos «ventas» a los que agregar filas" in err.value.messages[0]


def test_a_bad_name_or_type_is_explained(load):
    with pytest.raises(ValidationError) as err:
        load(name="ventas/../../etc")
    assert "El nombre de los datos" in err.value.messages[0]
    with pytest.raises(ValidationError) as err:
        load(types={"Monto": "moneda"})
    assert err.value.messages == ["«moneda» no es un tipo de columna: use número, fecha o texto (columna «Monto»)."]


def test_a_dataset_in_the_bin_keeps_its_name(load, cast):
    load()
    bin_delete(row=cast.dataset, user=cast.admin)
    with pytest.raises(ValidationError) as err:
        load()
    assert "están en la papelera" in err.value.messages[0]


def test_a_replacement_that_would_break_a_metric_is_refused(load, define, cast):
    load()
    define("ingresos", measure="sum(Monto)")
    with pytest.raises(ValidationError) as err:
        load([("03/05/2024", "1")], header=("Fecha", "Importe"))
    assert "«ingresos»" in err.value.messages[0] and "La columna «Monto» no existe" in err.value.messages[0]
    assert DatasetVersion.objects.filter(dataset=cast.dataset).count() == 1


def test_the_uploaded_file_name_is_made_safe(load):
    version = load(filename="../../informe <ventas>.csv").version
    assert "/" not in version.original_name and ".." not in version.original.split("/")[-1][:3]
    assert version.original.startswith("datasets/") and ".." not in version.original.split("/")
    assert media(version.original).read_bytes()


def test_a_record_dated_in_9999_is_emptied_and_reported_with_its_row_and_column(load):
    late = [*SALES, ("01/12/9999", "Eva", "pergamino", "1", "400")]
    loaded = load(late, types={"Fecha": "date"})
    assert [issue.located() for issue in loaded.problems] == [
        "Fila 7, columna A (Fecha): «01/12/9999» está fuera del rango de fechas admitido (1900–2100); la celda queda vacía."
    ]
    frame = pl.read_parquet(media(loaded.version.file))
    assert frame["Fecha"].max().year == 2024 and frame.height == 6
