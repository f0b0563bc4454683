"""Kilos and quintales compare, a cooperative's own units count, and what cannot be matched is never compared."""

import pytest

from rumbo.engine.network import units
from rumbo.engine.network.units import canonical, convert, registry


def test_a_quintal_is_a_hundred_pounds_and_compares_with_kilos():
    assert convert(1, "qq", "kg") == pytest.approx(45.359237)
    assert convert(1000, "kg", "quintales") == pytest.approx(22.046226, rel=1e-6)
    assert convert(3, "Quintales", "lb") == pytest.approx(300)


@pytest.mark.parametrize(
    ("value", "unit", "kilos"),
    [
        (1, "quintal métrico", 100),
        (2, "arrobas", 2 * 25 * 0.45359237),
        (1, "carga", 125),
        (1, "cargas", 125),
        (1.5, "t", 1500),
        (2, "toneladas", 2000),
        (500, "gramos", 0.5),
        (4, "kilos", 4),
    ],
)
def test_the_masses_of_the_field(value, unit, kilos):
    assert convert(value, unit, "kg") == pytest.approx(kilos)


def test_manzanas_and_hectares():
    assert convert(1, "mz", "ha") == pytest.approx(0.6987)
    assert convert(10, "manzanas", "hectáreas") == pytest.approx(6.987)
    assert convert(1, "Hectarea", "m2") == pytest.approx(10_000)


def test_yields_per_area_convert_as_a_whole():
    assert convert(20, "qq/mz", "kg/ha") == pytest.approx(20 * 45.359237 / 0.6987)
    assert convert(20, "quintales por manzana", "kg por ha") == pytest.approx(20 * 45.359237 / 0.6987)


def test_a_cooperatives_own_units():
    lata = {"lata": "12,5 kg"}
    assert convert(8, "latas", "kg", lata) == pytest.approx(100)
    assert convert(100, "kg", "lata", lata) == pytest.approx(8)
    fanega = {"fanega": "46 kg"}  # a fanega is the size each place gives it: never one for all
    assert convert(1, "fanega", "qq", fanega) == pytest.approx(46 / 45.359237)
    assert convert(1, "fanega", "kg") is None
    assert canonical("latas", lata) == "kg"


def test_percentages():
    assert convert(12.5, "%", "") == pytest.approx(0.125)
    assert convert(0.3, "", "por ciento") == pytest.approx(30)
    assert canonical("%") == canonical("porcentaje") == "%"


def test_currencies_convert_only_to_themselves():
    assert convert(10, "USD", "dólares") == 10
    assert convert(10, "USD", "EUR") is None
    assert convert(10, "COP", "kg") is None
    assert canonical("USD") == "USD"
    assert convert(2, "USD/qq", "USD/kg") == pytest.approx(2 / 45.359237)


def test_what_cannot_be_matched_is_none():
    assert convert(1, "socios", "kg") is None  # members are counted, not weighed
    assert convert(1, "kg", "ha") is None  # a mass is not an area
    assert convert(1, "kg", "") is None
    assert convert(1, "cajas", "cajas") is None
    assert convert(1, "×", "kg") is None  # a sign Pint cannot read
    assert canonical("cajas") is None
    assert canonical("qq/mz/año") is None


def test_canonical_units_of_a_shared_kpi():
    assert canonical("qq") == canonical("arrobas") == canonical("t") == "kg"
    assert canonical("mz") == "ha"
    assert canonical("quintales/mz") == "kg/ha"
    assert canonical("litros") == "l"


def test_the_registry_is_built_once():
    assert registry() is registry()


@pytest.mark.parametrize(
    ("unit", "stored"),
    [
        ("percent", "%"),
        ("count", "count"),
        ("kg_per_ha", "kg/ha"),
        ("liters", "l"),
        ("days", "d"),
        ("hours", "d"),
        ("per_day", "1/d"),
        ("ratio", ""),
        ("points", "points"),  # a score's points, not a printer's point
        ("level", "level"),
        ("currency", None),  # which currency is the cooperative's to say
        ("currency_per_kg", None),
        ("per_100_orders", None),
    ],
)
def test_the_catalogues_units(unit, stored):
    assert canonical(unit) == stored


def test_counts_scores_and_pure_numbers_keep_apart():
    assert convert(3, "socios", "personas") == 3  # things counted compare with things counted
    assert convert(3, "puntos", "nivel") is None
    assert convert(3, "socios", "%") is None
    assert convert(2, "veces", "%") == pytest.approx(200)
    assert convert(30, "días", "meses") == pytest.approx(30 / 30.4375)  # a month is a twelfth of 365.25 days


def test_canonical_is_remembered_per_unit_and_per_cooperatives_local_units():
    units._canonical.cache_clear()
    assert units.canonical("latas", {"lata": "12.5 kg"}) == "kg"
    assert units.canonical("latas") is None  # another cooperative without that unit: not matched
    assert units.canonical("latas", {"lata": "2 l"}) == "l"  # the same name, another unit elsewhere
    assert units.canonical("qq") == units.canonical("qq") == "kg"
    assert units._canonical.cache_info().hits >= 1
