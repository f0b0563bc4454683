"""The confirm button: a POST that applies the preview, all or nothing, and shows the board."""

from datetime import date
from decimal import Decimal

from django.urls import reverse

from rumbo.imports.services.values import value_import_create
from rumbo.kpis.models import Measurement
from tests.imports.helpers import statuses


def commit_url(cast, value_import):
    return reverse("imports:commit", args=[cast.coop.slug, value_import.pk])


def test_confirming_writes_the_values_and_shows_the_board_with_a_summary(as_editor, cast):
    response = as_editor.post(commit_url(cast, cast.value_import), follow=True)
    assert response.redirect_chain[-1][0] == reverse("kpis:board", args=[cast.coop.slug])
    assert "Se importó «valores.csv». Nuevos: 1 · cambiados: 0 · sin cambios: 0." in response.content.decode()
    february = Measurement.objects.get(kpi=cast.kpi, period=date(2025, 2, 1))
    assert (february.value, february.source, february.entered_by) == (Decimal(38), "import", cast.editor)


def test_a_file_with_problems_is_not_applied_and_says_why(as_editor, cast):
    value_import = value_import_create(
        coop=cast.coop,
        data=b"kpi;periodo;valor\nventas_cerradas;feb-2025;x\n",
        filename="malo.csv",
        user=cast.editor,
    )
    response = as_editor.post(commit_url(cast, value_import), follow=True)
    assert "Fila 2, columna C (valor): «x» no es un número." in response.content.decode()
    assert not Measurement.objects.filter(kpi=cast.kpi, period=date(2025, 2, 1)).exists()


def test_only_a_post_from_an_editor_of_the_cooperative_commits(client, cast):
    url = commit_url(cast, cast.value_import)
    visits = [(cast.editor, "get"), (cast.viewer, "post"), (cast.outsider, "post")]
    assert statuses(client, url, *visits) == [405, 403, 404]
    assert client.post(reverse("imports:commit", args=[cast.other_coop.slug, cast.value_import.pk])).status_code == 404
    assert not Measurement.objects.filter(kpi=cast.kpi, period=date(2025, 2, 1)).exists()
