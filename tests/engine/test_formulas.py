"""Formula metrics: checked before saving, evaluated safely per period, in dependency order."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rumbo.engine.computed.formulas import (
    check_cycles,
    dependencies,
    evaluate,
    evaluate_all,
    evaluate_series,
    evaluation_order,
    parse_formula,
)
from rumbo.engine.errors import RumboError
from tests.engine.helpers import refusal

JAN, FEB, MAR = date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1)


@pytest.mark.parametrize(
    "formula, values, result",
    [
        ("ingresos / pedidos", {"ingresos": 1000, "pedidos": 8}, Decimal("125")),
        ("(activos_fin - nuevos) / activos_inicio",
         {"activos_fin": 110, "nuevos": 20, "activos_inicio": 100}, Decimal("0.9")),
        ("0.1 + 0.2", {}, Decimal("0.3")),
        ("-a + +b", {"a": 2, "b": 5}, Decimal("3")),
        ("a * 100 / b", {"a": Decimal("1.5"), "b": 3}, Decimal("50")),
        ("min(a, b, 3)", {"a": 7, "b": 5}, Decimal("3")),
        ("max(a, b)", {"a": 7.5, "b": 5}, Decimal("7.5")),
        ("abs(a - b)", {"a": 2, "b": 5}, Decimal("3")),
        ("round(a / b, 2)", {"a": 2, "b": 3}, Decimal("0.67")),
        ("round(a)", {"a": 2.5}, Decimal("3")),  # half up, as by hand
        ("round(a, 1)", {"a": Decimal("0.25")}, Decimal("0.3")),
        ("ventas × 2 ÷ 4 − 1", {"ventas": 10}, Decimal("4")),
        ("a / 3", {"a": 1}, Decimal("0.3333333333333333333333333333")),
    ],
)  # fmt: skip
def test_formulas_evaluate_with_decimal_arithmetic(formula, values, result):
    assert evaluate(formula, values) == result


@pytest.mark.parametrize(
    "formula, values",
    [
        ("a / b", {"a": 1, "b": 0}),
        ("a / (b - c)", {"a": 1, "b": 2, "c": 2}),
        ("0 / b", {"b": 0}),
        ("a / b", {"a": 1}),
        ("a / b", {"a": 1, "b": None}),
        ("a + b", {"a": float("nan"), "b": 1}),
        ("a + b", {"a": "x", "b": 1}),
        ("round(a, 1000)", {"a": 1}),
        ("a * a * a * a", {"a": Decimal("1e300000")}),
    ],
)
def test_a_missing_input_or_a_division_by_zero_gives_no_value(formula, values):
    assert evaluate(formula, values) is None


def test_dependencies_are_the_metric_slugs_used():
    assert dependencies("(activos_fin - nuevos) / max(activos_inicio, 1)") == {
        "activos_fin", "nuevos", "activos_inicio",
    }  # fmt: skip
    assert parse_formula("2 * 3").names == frozenset()


@pytest.mark.parametrize(
    "formula, message",
    [
        ("", "La fórmula está vacía."),
        ("   ", "La fórmula está vacía."),
        ("(a + b", "Los paréntesis de la fórmula «(a + b» no están equilibrados."),
        ("a + ", "La fórmula «a +» termina en un signo: falta lo que sigue."),
        ("a b", "La fórmula «a b» tiene un error cerca del carácter 3: revise los signos y los paréntesis."),
        ("a * / b", "La fórmula «a * / b» tiene un error cerca del carácter 5: revise los signos y los paréntesis."),
        ("ventas * 0,5", "En las fórmulas los decimales se escriben con punto (0.5, no 0,5): «ventas * 0,5»."),
        ("Ventas / 2", "«Ventas» no es un nombre de métrica válido: use minúsculas sin tildes, números y "
                       "guiones bajos (por ejemplo, ventas_mes)."),
        ("año + 1", "«año» no es un nombre de métrica válido: use minúsculas sin tildes, números y "
                    "guiones bajos (por ejemplo, ventas_mes)."),
        ("a ** 2", "«a ** 2» no está permitido en una fórmula: use solo + - * / ( ), números, nombres "
                   "de métricas y las funciones min, max, abs y round."),
        ("a % 2", "«a % 2» no está permitido en una fórmula: use solo + - * / ( ), números, nombres "
                  "de métricas y las funciones min, max, abs y round."),
        ("a > b", "«a > b» no está permitido en una fórmula: use solo + - * / ( ), números, nombres "
                  "de métricas y las funciones min, max, abs y round."),
        ('"texto"', "«\"texto\"» no está permitido en una fórmula: use solo + - * / ( ), números, "
                    "nombres de métricas y las funciones min, max, abs y round."),
        ("a.b", "«a.b» no está permitido en una fórmula: use solo + - * / ( ), números, nombres "
                "de métricas y las funciones min, max, abs y round."),
        ("__import__('os')", "«__import__» no es una función de fórmula; las funciones son min, max, abs y round."),
        ("sqrt(a)", "«sqrt» no es una función de fórmula; las funciones son min, max, abs y round."),
        ("a(1)", "«a» no es una función de fórmula; las funciones son min, max, abs y round."),
        ("max()", "La función «max» no admite esos argumentos: «max()»."),
        ("abs(a, b)", "La función «abs» no admite esos argumentos: «abs(a, b)»."),
        ("round(a, ndigits=2)", "La función «round» no admite esos argumentos: «round(a, ndigits=2)»."),
        ("1e999 * a", "«1e999» no está permitido en una fórmula: use solo + - * / ( ), números, nombres "
                      "de métricas y las funciones min, max, abs y round."),
        ("a" + " + a" * 400, "La fórmula es demasiado larga (máximo 1000 caracteres)."),
        ("-" * 60 + "a", "La fórmula «" + "-" * 60 + "a» es demasiado complicada."),
    ],
)  # fmt: skip
def test_bad_formulas_are_explained_in_spanish(formula, message):
    assert refusal(parse_formula, formula) == message


@pytest.mark.parametrize(
    "formula, message",
    [
        ("ingreso / pedidos", "La fórmula usa métricas que no existen: «ingreso». ¿Quiso decir «ingresos»?"),
        ("xyz + abc", "La fórmula usa métricas que no existen: «abc», «xyz»."),
    ],
)
def test_unknown_metric_names_are_listed(formula, message):
    assert refusal(parse_formula, formula, known={"ingresos", "pedidos"}) == message


def test_known_names_pass():
    assert parse_formula("ingresos / pedidos", known=["ingresos", "pedidos"]).text == "ingresos / pedidos"


@pytest.mark.parametrize(
    "formulas, message",
    [
        ({"a": "a + 1"}, "La fórmula de «a» se usa a sí misma."),
        ({"a": "b * 2", "b": "a / 2"}, "Las fórmulas forman un ciclo: a → b → a."),
        ({"a": "b + 1", "b": "c + 1", "c": "a + 1", "d": "x"}, "Las fórmulas forman un ciclo: a → b → c → a."),
    ],
)  # fmt: skip
def test_cycles_are_refused_naming_them(formulas, message):
    assert refusal(check_cycles, formulas) == message


def test_formulas_are_ordered_after_the_formulas_they_use():
    formulas = {"margen_pct": "margen / ventas", "margen": "ventas - costos", "doble": "margen_pct * 2"}
    order = evaluation_order(formulas)
    assert sorted(order) == sorted(formulas)
    assert order.index("margen") < order.index("margen_pct") < order.index("doble")


def test_a_series_gets_a_value_per_period_and_none_where_it_cannot():
    series = {"ingresos": {JAN: 100, FEB: 50, MAR: 30}, "pedidos": {JAN: 4, FEB: 0}}
    assert evaluate_series("ingresos / pedidos", series) == {
        JAN: Decimal("25"), FEB: None, MAR: None,
    }  # fmt: skip


def test_formulas_over_formulas_are_evaluated_in_order():
    series = {"ventas": {JAN: 200, FEB: 100}, "costos": {JAN: 150, FEB: 100}}
    formulas = {"margen_pct": "margen / ventas * 100", "margen": "ventas - costos"}
    assert evaluate_all(formulas, series) == {
        "margen": {JAN: Decimal("50"), FEB: Decimal("0")},
        "margen_pct": {JAN: Decimal("25"), FEB: Decimal("0")},
    }


NAMES = st.sampled_from(["a", "b", "ventas", "x_1"])


@st.composite
def expressions(draw, depth=0):
    if depth > 4 or draw(st.booleans()):
        return draw(st.one_of(NAMES, st.integers(0, 1000).map(str), st.sampled_from(["0.5", "0"])))
    kind = draw(st.sampled_from(["bin", "neg", "call", "paren"]))
    if kind == "bin":
        op = draw(st.sampled_from(["+", "-", "*", "/"]))
        return f"{draw(expressions(depth + 1))} {op} {draw(expressions(depth + 1))}"
    if kind == "neg":
        return f"-{draw(expressions(depth + 1))}"
    if kind == "call":
        function = draw(st.sampled_from(["min", "max", "abs", "round"]))
        arguments = [draw(expressions(depth + 1)) for _ in range(1 if function in ("abs", "round") else 2)]
        return f"{function}({', '.join(arguments)})"
    return f"({draw(expressions(depth + 1))})"


VALUE = st.one_of(st.none(), st.integers(-10**6, 10**6), st.decimals(allow_nan=True, allow_infinity=True),
                  st.floats(allow_nan=True, allow_infinity=True))  # fmt: skip


@settings(deadline=None)
@given(expressions(), st.dictionaries(NAMES, VALUE))
def test_valid_formulas_give_a_decimal_or_none(formula, values):
    result = evaluate(parse_formula(formula), values)
    assert result is None or (isinstance(result, Decimal) and result.is_finite())


@settings(deadline=None)
@given(st.text(alphabet="abx_1 +-*/()., ×%=<>'\"[]:;lambdaimport", max_size=40))
def test_any_text_is_a_formula_or_a_rumbo_error(text):
    try:
        formula = parse_formula(text)
    except RumboError:
        return
    result = evaluate(formula, dict.fromkeys(formula.names, 1))
    assert result is None or isinstance(result, Decimal)
