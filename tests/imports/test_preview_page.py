"""The preview page: what will be created, changed and left alone, and every problem with its row and column."""

from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rumbo.imports.models import ValueImport
from rumbo.imports.services.values import value_import_create
from rumbo.kpis.models import Measurement
from tests.imports.helpers import statuses, xlsx


def preview_of(client, cast, text, user=None):
    value_import = value_import_create(
        coop=cast.coop, data=text.encode(), filename="valores.csv", user=user or cast.editor
    )
    return value_import, client.get(reverse("imports:preview", args=[cast.coop.slug, value_import.pk]))


def test_it_lists_each_value_under_what_will_happen_to_it(as_editor, cast):
    Measurement.objects.create(kpi=cast.kpi, period=date(2025, 2, 1), value=Decimal(30))
    _import, response = preview_of(
        as_editor,
        cast,
        "Indicador;Periodo;Valor;Nota\nVentas cerradas por mes;ene-2025;35;\n"
        "Ventas cerradas por mes;feb-2025;1.234,5;feria\nventas_cerradas;mar-2025;40;\n",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Valores nuevos (1)" in page and "Valores que cambian (1)" in page and "Valores que quedan igual (1)" in page
    assert "<del>30 ventas</del> → <strong>1.234,5 ventas</strong>" in page
    assert "febrero 2025" in page and "feria" in page
    assert "Importar 2 valores" in page
    assert reverse("imports:commit", args=[cast.coop.slug, _import.pk]) in page


def test_problems_are_listed_in_spanish_with_row_and_column_and_no_confirm_button(as_editor, cast):
    _import, response = preview_of(
        as_editor,
        cast,
        "Indicador;Periodo;Valor\nVentas cerradas por mes;ene-2025;n/d\nVentas cerradas por mes;ayer;3\n",
    )
    page = response.content.decode()
    assert "2 problemas: no se importará nada hasta corregirlos" in page
    assert "Fila 2, columna C (Valor): «n/d» no es un número." in page
    assert "Fila 3, columna B (Periodo): «ayer» no es una fecha ni un periodo reconocible." in page
    assert "Importar" not in page.split("<main>")[1].split("Subir el archivo corregido")[0].replace(
        "Importar valores", ""
    )
    assert "Subir el archivo corregido" in page


def test_a_file_that_changes_nothing_says_so(as_editor, cast):
    _import, response = preview_of(as_editor, cast, "Indicador;Periodo;Valor\nVentas cerradas por mes;ene-2025;35\n")
    assert "Este archivo no cambia nada: todos sus valores ya están registrados." in response.content.decode()


def test_an_unreadable_file_shows_why(as_editor, cast):
    value_import = value_import_create(coop=cast.coop, data=b"%PDF-1.4", filename="informe.xlsx", user=cast.editor)
    page = as_editor.get(reverse("imports:preview", args=[cast.coop.slug, value_import.pk])).content.decode()
    assert "«informe.xlsx» no es una hoja de cálculo (su contenido es PDF)." in page


def test_the_page_is_read_only_and_closed_to_viewers_and_outsiders(client, cast):
    url = reverse("imports:preview", args=[cast.coop.slug, cast.value_import.pk])
    visits = [(cast.editor, "post"), (cast.viewer, "get"), (cast.outsider, "get")]
    assert statuses(client, url, *visits) == [405, 403, 404]
    assert client.get(reverse("imports:preview", args=[cast.other_coop.slug, cast.value_import.pk])).status_code == 404


def test_a_file_full_of_problems_shows_the_first_ones_and_how_many_more(as_editor, cast, monkeypatch):
    from rumbo.imports.presenters import display

    monkeypatch.setattr(display, "SHOWN_PROBLEMS", 3)
    rows = "".join(f"Ventas cerradas por mes;{m:02d}/2024;x{m}\n" for m in range(1, 11))
    _import, response = preview_of(as_editor, cast, "Indicador;Periodo;Valor\n" + rows)
    page = response.content.decode()
    assert "10 problemas: no se importará nada hasta corregirlos" in page
    assert "«x3» no es un número." in page and "«x4» no es un número." not in page
    assert "Y 7 problemas más." in page


def test_a_period_of_the_year_9999_is_a_problem_with_its_row_and_column_not_a_server_error(as_editor, cast):
    data = b"Indicador;Periodo;Valor\nVentas cerradas por mes;ene-2025;35\nVentas cerradas por mes;01/12/9999;36\n"
    upload = {"file": SimpleUploadedFile("diciembre.csv", data, content_type="text/csv")}
    response = as_editor.post(reverse("imports:values", args=[cast.coop.slug]), upload, follow=True)
    assert response.status_code == 200
    assert (
        "Fila 3, columna B (Periodo): La fecha 01/12/9999 está fuera del rango admitido (1900–2100)."
        in response.content.decode()
    )
    value_import = ValueImport.objects.get(filename="diciembre.csv")
    committed = as_editor.post(reverse("imports:commit", args=[cast.coop.slug, value_import.pk]), follow=True)
    assert committed.status_code == 200
    assert (
        "Fila 3, columna B (Periodo): La fecha 01/12/9999 está fuera del rango admitido" in committed.content.decode()
    )
    assert not Measurement.objects.filter(kpi=cast.kpi, value=36).exists()


def test_a_date_cell_of_a_spreadsheet_past_2100_is_a_problem_too(as_editor, cast):
    data = xlsx(
        [
            ["Indicador", "Periodo", "Valor"],
            ["Ventas cerradas por mes", date(9999, 12, 1), 36],
            ["Ventas cerradas por mes", date(2100, 12, 31), 37],
        ]
    )
    value_import = value_import_create(coop=cast.coop, data=data, filename="valores.xlsx", user=cast.editor)
    page = as_editor.get(reverse("imports:preview", args=[cast.coop.slug, value_import.pk])).content.decode()
    assert "1 problema: no se importará nada hasta corregirlo" in page
    assert "Fila 2, columna B (Periodo): La fecha 01/12/9999 está fuera del rango admitido (1900–2100)." in page
    assert "diciembre 2100" in page  # 31/12/2100 closes December 2100, a period of the range
