"""«Cooperativa», «Unidades propias»: an admin adds, changes and removes the cooperative's own units with a plain form."""

import re

import pytest
from django.urls import reverse

from rumbo.orgs.models import LocalUnit
from rumbo.orgs.selectors import local_units_of

pytestmark = pytest.mark.django_db


def _settings(cast) -> str:
    return reverse("orgs:settings", args=[cast.coop.slug])


def _add(client, cast, name, definition):
    return client.post(
        reverse("orgs:unit_add", args=[cast.coop.slug]), {"unidad-name": name, "unidad-definition": definition}
    )


def test_the_settings_page_lists_the_units_with_a_form_to_add_one(as_admin, cast):
    page = as_admin.get(_settings(cast)).content.decode()
    assert "Unidades propias" in page and "<strong>lata</strong>" in page and "12,5 kg" in page
    assert reverse("orgs:unit_edit", args=[cast.coop.slug, cast.local_unit.pk]) in page
    assert reverse("orgs:unit_remove", args=[cast.coop.slug, cast.local_unit.pk]) in page
    assert 'name="unidad-name"' in page and 'name="unidad-definition"' in page
    assert 'name="name"' in page  # the cooperative's own name field, apart from the unit's


def test_an_admin_adds_a_unit_and_reads_it_back(as_admin, cast):
    response = _add(as_admin, cast, "Saco grande", "46,5 kg")
    assert response.status_code == 302 and response["Location"].endswith("/cooperativa/#unidades")
    assert local_units_of(cast.coop)["Saco grande"] == "46,5 kg"
    page = as_admin.get(response["Location"]).content.decode()
    assert "Unidad guardada: «Saco grande» = 46,5 kg." in page
    assert "definió «Saco grande» = 46,5 kg" in page  # the history of changes, with who made them


@pytest.mark.parametrize(
    ("name", "definition", "said"),
    [
        ("saco", "cuarenta kilos", "Escriba cuánto vale «saco» con un número y una unidad conocida, como «12,5 kg»."),
        ("saco", "3 cajuelas", "No se reconoce la unidad «cajuelas»"),
        ("saco", "2 latas", "«latas» es otra unidad propia"),
        ("bono", "5 USD", "no dinero: «USD» es una moneda."),
        ("lata", "13 kg", "Ya hay una unidad propia llamada «lata»."),
        ("", "13 kg", "Este campo es obligatorio."),
    ],
)
def test_bad_input_is_refused_in_spanish_on_the_page_and_nothing_is_saved(as_admin, cast, name, definition, said):
    response = _add(as_admin, cast, name, definition)
    page = response.content.decode()
    assert response.status_code == 400
    assert said in page.replace("&laquo;", "«").replace("&raquo;", "»").replace("&quot;", '"')
    assert 'role="alert"' in page and f'value="{definition}"' in page  # what was typed stays, said under its field
    assert local_units_of(cast.coop) == {"lata": "12,5 kg"}


def test_the_refusal_reads_in_english_for_an_english_reader(as_admin, cast):
    cast.admin.language = "en"
    cast.admin.save(update_fields=["language"])
    response = _add(as_admin, cast, "bono", "5 USD")
    assert response.status_code == 400
    assert "not money" in response.content.decode()


def test_an_admin_changes_a_unit_on_its_own_page(as_admin, cast):
    url = reverse("orgs:unit_edit", args=[cast.coop.slug, cast.local_unit.pk])
    page = as_admin.get(url).content.decode()
    assert 'value="lata"' in page and 'value="12,5 kg"' in page
    response = as_admin.post(url, {"name": "lata", "definition": "13 kg"})
    assert response.status_code == 302
    assert local_units_of(cast.coop) == {"lata": "13 kg"}
    refused = as_admin.post(url, {"name": "lata", "definition": "0 kg"})
    assert refused.status_code == 400 and "debe valer más de cero" in refused.content.decode()
    assert local_units_of(cast.coop) == {"lata": "13 kg"}


def test_an_admin_removes_a_unit(as_admin, cast):
    response = as_admin.post(reverse("orgs:unit_remove", args=[cast.coop.slug, cast.local_unit.pk]))
    assert response.status_code == 302
    assert not LocalUnit.objects.filter(cooperative=cast.coop).exists()
    page = as_admin.get(_settings(cast)).content.decode()
    assert "Unidad «lata» quitada" in page and "quitó «lata»" in page


def test_an_editor_and_a_viewer_are_refused_and_nothing_changes(client, cast):
    for who in (cast.editor, cast.viewer):
        client.force_login(who)
        assert _add(client, cast, "saco", "46 kg").status_code == 403
        edit = reverse("orgs:unit_edit", args=[cast.coop.slug, cast.local_unit.pk])
        assert client.get(edit).status_code == 403
        assert client.post(reverse("orgs:unit_remove", args=[cast.coop.slug, cast.local_unit.pk])).status_code == 403
    assert local_units_of(cast.coop) == {"lata": "12,5 kg"}


def test_an_outsider_finds_nothing_of_another_cooperative(as_outsider, cast):
    assert _add(as_outsider, cast, "saco", "46 kg").status_code == 404
    for name in ("orgs:unit_edit", "orgs:unit_remove"):
        assert as_outsider.post(reverse(name, args=[cast.coop.slug, cast.local_unit.pk])).status_code == 404
        # nor through its own cooperative's address
        assert as_outsider.post(reverse(name, args=[cast.other_coop.slug, cast.local_unit.pk])).status_code == 404
    assert local_units_of(cast.coop) == {"lata": "12,5 kg"}


def test_removing_is_a_post_and_a_get_writes_nothing(as_admin, cast):
    assert as_admin.get(reverse("orgs:unit_remove", args=[cast.coop.slug, cast.local_unit.pk])).status_code == 405
    assert as_admin.get(reverse("orgs:unit_add", args=[cast.coop.slug])).status_code == 405
    assert local_units_of(cast.coop) == {"lata": "12,5 kg"}


def test_the_page_asks_a_constant_number_of_queries_whatever_the_number_of_units(
    as_admin, cast, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def counted() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert as_admin.get(_settings(cast)).status_code == 200
        return len(queries)

    few = counted()
    for i, name in enumerate(("saco", "cajon", "balde", "bidon", "tarro")):
        LocalUnit.objects.create(cooperative=cast.coop, name=name, key=name, definition=f"{i + 2} kg")
    assert counted() <= few
    assert (
        len(
            re.findall(
                r"<strong>(saco|cajon|balde|bidon|tarro)</strong>", as_admin.get(_settings(cast)).content.decode()
            )
        )
        == 5
    )
