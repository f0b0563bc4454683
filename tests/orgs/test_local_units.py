"""A cooperative's own units through their services: checked in Spanish, admins only, every change kept in the history."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from rumbo.orgs.models import LocalUnit
from rumbo.orgs.selectors import local_unit_history, local_units_of
from rumbo.orgs.services import local_unit_remove, local_unit_save
from rumbo.orgs.signals import local_units_changed

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    """The cooperatives `local_units_changed` was sent for, in order."""
    said: list[int] = []

    def listen(sender, *, cooperative_id, **kwargs):
        said.append(cooperative_id)

    local_units_changed.connect(listen, dispatch_uid="test-local-units-heard")
    yield said
    local_units_changed.disconnect(dispatch_uid="test-local-units-heard")


def test_an_admin_defines_changes_and_removes_a_unit_and_the_history_keeps_who_and_what(cast, heard):
    saco = local_unit_save(cooperative=cast.coop, name=" Saco  grande ", definition="46  kg", user=cast.admin)
    assert (saco.name, saco.key, saco.definition) == ("Saco grande", "saco grande", "46 kg")
    assert local_units_of(cast.coop) == {"lata": "12,5 kg", "Saco grande": "46 kg"}
    local_unit_save(cooperative=cast.coop, unit=saco, name="Saco grande", definition="46,5 kg", user=cast.admin)
    local_unit_remove(unit=saco, user=cast.admin)
    assert not LocalUnit.objects.filter(pk=saco.pk).exists()
    history = [(h.history_type, h.definition, h.history_user) for h in local_unit_history(cast.coop) if h.id == saco.pk]
    assert history == [("-", "46,5 kg", cast.admin), ("~", "46,5 kg", cast.admin), ("+", "46 kg", cast.admin)]
    assert heard == [cast.coop.pk] * 3


def test_a_change_of_spelling_only_is_kept_but_sends_nothing_again(cast, heard):
    lata = cast.local_unit
    local_unit_save(cooperative=cast.coop, unit=lata, name="Lata", definition="12.5 kg", user=cast.admin)
    local_unit_save(cooperative=cast.coop, unit=lata, name="Lata", definition="12.5 kg", user=cast.admin)  # no change
    lata.refresh_from_db()
    assert (lata.name, lata.definition) == ("Lata", "12.5 kg")
    assert lata.history.count() == 2  # the cast's row and one change
    assert heard == []
    local_unit_save(cooperative=cast.coop, unit=lata, name="Lata", definition="13 kg", user=cast.admin)
    assert heard == [cast.coop.pk]


@pytest.mark.parametrize(
    ("name", "definition", "field", "said"),
    [
        ("Lata", "20 kg", "name", "Ya hay una unidad propia llamada «Lata»."),
        ("quintal", "46 kg", "name", "«quintal» ya es una unidad conocida: no hace falta definirla."),
        ("saco", "doce kilos", "definition", "Escriba cuánto vale «saco» con un número y una unidad conocida"),
        ("saco", "4 latas", "definition", "«latas» es otra unidad propia"),
        ("saco", "2 sacos", "definition", "«saco» no puede definirse con «saco»"),
        ("saco", "3 cajuelas", "definition", "No se reconoce la unidad «cajuelas»"),
        ("bono", "5 USD", "definition", "no dinero: «USD» es una moneda"),
    ],
)
def test_a_refused_unit_says_why_in_spanish_under_its_field_and_writes_nothing(
    cast, heard, name, definition, field, said
):
    with pytest.raises(ValidationError) as refused:
        local_unit_save(cooperative=cast.coop, name=name, definition=definition, user=cast.admin)
    assert any(said in message for message in refused.value.message_dict[field])
    assert local_units_of(cast.coop) == {"lata": "12,5 kg"} and heard == []


def test_only_an_admin_of_the_cooperative_changes_its_units(cast, heard):
    for who in (cast.editor, cast.viewer, cast.outsider):
        with pytest.raises(PermissionDenied):
            local_unit_save(cooperative=cast.coop, name="saco", definition="46 kg", user=who)
        with pytest.raises(PermissionDenied):
            local_unit_remove(unit=cast.local_unit, user=who)
    with pytest.raises(ValidationError):  # another cooperative's unit, changed through this one
        local_unit_save(
            cooperative=cast.other_coop, unit=cast.local_unit, name="lata", definition="1 kg", user=cast.outsider
        )
    assert local_units_of(cast.coop) == {"lata": "12,5 kg"} and heard == []


def test_the_command_line_acts_as_an_admin(cast):
    local_unit_save(cooperative=cast.coop, name="cuadra", definition="0,7 ha", user=None)
    assert local_units_of(cast.coop)["cuadra"] == "0,7 ha"
