"""A cooperative's own units: a name and what one is worth in a known unit, read as Spanish writes numbers.

Refused, with the reason in Spanish: a name that is not words, is already known or is taken; a definition that is
not a positive number of a known unit, is in itself or another own unit (no circles), in money or in a pure number.
"""

import pytest

from rumbo.engine.errors import RumboError
from rumbo.engine.network import units
from rumbo.engine.network.units import check_local_definition, check_local_name, convert, local_units


@pytest.mark.parametrize(
    ("definition", "kilos"),
    [
        ("12,5 kg", 12.5),
        ("12.5 kg", 12.5),
        ("12,5kg", 12.5),
        ("1.250 kg", 1250),
        ("1.250,5 kg", 1250.5),
        ("2 qq", 90.718474),
    ],
)
def test_the_number_is_read_as_spanish_writes_it(definition, kilos):
    assert check_local_definition("lata", definition).to("kilogram").magnitude == pytest.approx(kilos)
    assert convert(1, "lata", "kg", {"lata": definition}) == pytest.approx(kilos)


def test_a_name_is_kept_under_its_plain_key_and_its_plurals_read_it():
    assert check_local_name("  Saco   Grande ") == "saco grande"
    assert convert(2, "sacos grandes", "kg", {"Saco Grande": "46 kg"}) == pytest.approx(92)
    assert convert(8, "Latas", "kg", {"lata": "12,5 kg"}) == pytest.approx(100)
    assert units.local_key("Cajuéla") == "cajuela"


@pytest.mark.parametrize(
    ("name", "others", "said"),
    [
        ("", {}, "Escriba el nombre de la unidad con letras"),
        ("lata 2", {}, "Escriba el nombre de la unidad con letras"),
        ("kg/lata", {}, "Escriba el nombre de la unidad con letras"),
        ("caja por docena", {}, "Escriba el nombre de la unidad con letras"),
        ("saco de pergamino seco de la cosecha grande", {}, "tiene 40 letras como mucho"),
        ("quintales", {}, "«quintales» ya es una unidad conocida"),
        ("USD", {}, "«USD» ya es una unidad conocida"),
        ("Lata", {"lata": "12,5 kg"}, "Ya hay una unidad propia llamada «Lata»"),
    ],
)
def test_a_name_refused_says_why(name, others, said):
    with pytest.raises(RumboError) as refused:
        check_local_name(name, others)
    assert said in str(refused.value)


@pytest.mark.parametrize(
    ("definition", "others", "said"),
    [
        ("doce kilos", {}, "Escriba cuánto vale «lata» con un número y una unidad conocida, como «12,5 kg»"),
        ("12,5", {}, "Escriba cuánto vale «lata»"),
        ("0 kg", {}, "«lata» debe valer más de cero"),
        ("-3 kg", {}, "«lata» debe valer más de cero"),
        ("2 latas", {}, "«lata» no puede definirse con «lata»"),
        ("3 sacos", {"saco": "4 latas"}, "«sacos» es otra unidad propia"),
        ("3 sacos", {"saco": "46 kg"}, "«sacos» es otra unidad propia"),
        ("2 cajuelas", {}, "No se reconoce la unidad «cajuelas»"),
        ("5 USD", {}, "no dinero: «USD» es una moneda"),
        ("2 USD/kg", {}, "«USD/kg» es una moneda"),
        ("12 %", {}, "«%» no es una unidad de medida"),
        ("3 veces", {}, "«veces» no es una unidad de medida"),
    ],
)
def test_a_definition_refused_says_why(definition, others, said):
    with pytest.raises(RumboError) as refused:
        check_local_definition("lata", definition, others)
    assert said in str(refused.value)


def test_a_definition_in_another_own_unit_is_never_read_so_no_circle_can_form():
    # Even written by hand around the checks, «saco» in latas and «lata» in sacos are simply not known.
    circle = {"lata": "0,25 saco", "saco": "4 latas"}
    assert local_units(circle) == {}
    assert convert(1, "lata", "kg", circle) is None


def test_an_unreadable_or_non_positive_definition_is_left_out():
    assert set(local_units({"lata": "12,5 kg", "saco": "cero kg", "caja": "0 kg"})) == {"lata"}


def test_a_known_unit_the_cooperative_counts_in_is_accepted():
    assert check_local_definition("docena", "12 unidades").to("unidad").magnitude == pytest.approx(12)
    assert check_local_definition("cuadra", "0,7 ha").to("hectare").magnitude == pytest.approx(0.7)
