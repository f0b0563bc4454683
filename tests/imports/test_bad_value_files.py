"""Every bad values file of the issue's list: a clear Spanish message, the file kept as failed, no value written."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from rumbo.imports.models import ValueImport
from rumbo.imports.services.values import value_import_create, values_commit
from rumbo.kpis.models import Kpi, Measurement
from tests.imports.helpers import fixture, fixture_kpis, xlsx  # noqa: F401  (fixture)


def _zip_bomb(megabytes: int = 20) -> bytes:
    """A real xlsx whose sheet XML is megabytes of spaces: tiny compressed, huge inflated."""
    source = zipfile.ZipFile(io.BytesIO(xlsx([["Indicador", "Periodo", "Valor"], ["Ventas totales", "ene-2024", 1]])))
    entries = {info.filename: source.read(info.filename) for info in source.infolist()}
    head, tail = entries["xl/worksheets/sheet1.xml"].split(b"<sheetData>")
    entries["xl/worksheets/sheet1.xml"] = head + b"<sheetData>" + b" " * (megabytes << 20) + tail
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


MIXED = xlsx([("Indicador", "Periodo", "Valor"), ("Ventas totales", "ene-2024", 1200), ("Ventas totales", "feb-2024", "n/d"),
              ("Ventas totales", "mar-2024", "1.300,5"), ("Ventas totales", "abr-2024", "mil")])  # fmt: skip

BAD_FILES = [
    ("vacio.csv", fixture("vacio.csv"), ["«vacio.csv» está vacío."]),
    ("hoja_vacia.xlsx", fixture("hoja_vacia.xlsx"), ["La hoja «Hoja1» de «hoja_vacia.xlsx» está vacía."]),
    ("imagen.xlsx", fixture("imagen.xlsx"),
     ["«imagen.xlsx» no es una hoja de cálculo (su contenido es PNG). Suba un archivo .xlsx, .xls, .ods o .csv."]),
    ("informe.xlsx", b"%PDF-1.7\n1 0 obj",
     ["«informe.xlsx» no es una hoja de cálculo (su contenido es PDF). Suba un archivo .xlsx, .xls, .ods o .csv."]),
    ("protegido.xlsx", fixture("protegido.xlsx"),
     ["«protegido.xlsx» está protegido con contraseña y no se puede leer. Ábralo con su contraseña en Excel o "
      "LibreOffice, guárdelo sin contraseña y vuelva a subirlo."]),
    ("bomba.xlsx", _zip_bomb(),
     ["«bomba.xlsx» se descomprime en 20 MB o está comprimido de forma anormal (posible «bomba zip»); no se abre por "
      "seguridad."]),
    ("combinado.xlsx", fixture("encabezado_combinado.xlsx"),
     ["Fila 1, columna B (Ventas): «Ventas» no es un indicador de esta cooperativa; no se importa ninguna de sus filas. "
      "Los nombres más parecidos son: «Ventas totales».",
      "Fila 1, columna C: La columna C tiene valores pero no tiene nombre de indicador en el encabezado; ¿es una celda "
      "combinada?"]),
    ("mixta.xlsx", MIXED,
     ["Fila 3, columna C (Valor): «n/d» no es un número.", "Fila 5, columna C (Valor): «mil» no es un número."]),
    ("fechas_malas.xlsx", fixture("fechas_malas.xlsx"),
     ["Fila 2, columna A (Indicador): «Ventas» no es un indicador de esta cooperativa; no se importa ninguna de sus "
      "filas. Los nombres más parecidos son: «Ventas totales».",
      "Fila 3, columna B (Periodo): «31/02/2024» no es una fecha válida: ese día no existe en ese mes.",
      "Fila 4, columna B (Periodo): «13/2024» no es una fecha válida: el mes 13 no existe (las fechas se leen día/mes/año).",
      "Fila 5, columna B (Periodo): «ayer» no es una fecha ni un periodo reconocible. Escriba, por ejemplo, 31/12/2025, "
      "ene-2024, T1 2024, 2024 o 2023/24.",
      "Fila 6, columna B (Periodo): «T5 2024» no es un trimestre: los trimestres van del 1 al 4.",
      "Fila 7, columna B (Periodo): «2023/25» no es una cosecha: el segundo año debe seguir al primero (2023/24)."]),
]  # fmt: skip


@pytest.mark.parametrize("name, data, messages", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_a_bad_file_says_why_in_spanish_and_writes_no_value(cast, fixture_kpis, name, data, messages):
    Kpi.objects.filter(slug="socios_activos").update(frequency="month")
    before = list(Measurement.objects.values_list("pk", "value"))
    value_import = value_import_create(coop=cast.coop, data=data, filename=name, user=cast.admin)
    assert value_import.status == ValueImport.Status.FAILED
    assert list(_located(value_import)) == messages
    result = values_commit(coop=cast.coop, import_=value_import, user=cast.admin)
    assert not result.ok and result.errors == messages
    assert list(Measurement.objects.values_list("pk", "value")) == before
    assert value_import.file.read() == data  # kept, so the person can see what they sent


def test_a_file_over_the_size_limit_is_refused_before_it_is_read_or_kept(cast, settings):
    settings.RUMBO_UPLOAD_MAX_BYTES = 1_048_576
    data = b"Indicador;Periodo;Valor\n" + b"Ventas cerradas por mes;ene-2025;1\n" * 40_000
    with pytest.raises(ValidationError) as error:
        value_import_create(coop=cast.coop, data=data, filename="grande.csv", user=cast.admin)
    assert error.value.messages == ["«grande.csv» pesa 1,3 MB; el máximo es 1 MB."]
    assert ValueImport.objects.filter(filename="grande.csv").count() == 0


def test_a_header_below_title_rows_is_found_and_said(cast, fixture_kpis):
    Kpi.objects.filter(slug="socios_activos").update(frequency="month")
    value_import = value_import_create(
        coop=cast.coop, data=fixture("titulo_encima.xlsx"), filename="t.xlsx", user=cast.admin
    )
    assert (value_import.status, value_import.created) == (ValueImport.Status.PREVIEWED, 3)
    assert [n["template"] % n["params"] for n in value_import.notices] == [
        "Se tomó la fila 4 como encabezado; las filas de arriba parecen títulos y no se leen."
    ]


def _located(value_import):
    from rumbo.imports.services.values import problems_of

    return [p.located() for p in problems_of(value_import)]
