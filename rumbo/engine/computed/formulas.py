"""Metrics defined as formulas over other metrics (`ingresos / pedidos`), checked and run safely.

A formula may use `+ - * /`, parentheses, numbers (decimal point: `0.5`), metric slugs
(`ventas_mes`: lower-case ASCII, digits and `_`) and the functions `min`, `max`, `abs`
and `round(x, decimales)` (half up, as people round by hand). Nothing else is accepted, so
no formula can reach Python: the tree is checked node by node before simpleeval, which
never sees anything but arithmetic, evaluates it.

Arithmetic is Decimal, so 0.1 + 0.2 is 0.3 as in a spreadsheet. A period where an input is
missing, or where the formula divides by zero, gets None: no value, never an exception.
"""

import ast
import difflib
import graphlib
import operator
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, DecimalException, localcontext

from simpleeval import SimpleEval

from rumbo.engine.errors import RumboError, gettext_noop

MAX_LENGTH = 1000
MAX_DEPTH = 40  # deeper trees are typing accidents, and would strain the recursive evaluator
SLUG = re.compile(r"[a-z][a-z0-9_]*")

_OPERATORS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.USub: operator.neg,
    ast.UAdd: operator.pos,
}
_ARITY = {"min": (1, 20), "max": (1, 20), "abs": (1, 1), "round": (1, 2)}
_LOOKALIKES = str.maketrans({"×": "*", "÷": "/", "−": "-", "–": "-", "\u00a0": " "})


def _round(value: Decimal | int, digits: Decimal | int = 0) -> Decimal:
    digits = int(digits)
    if abs(digits) > 28:
        raise ValueError("too many digits")
    return Decimal(value).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


_FUNCTIONS = {"min": min, "max": max, "abs": abs, "round": _round}


@dataclass(frozen=True)
class Formula:
    text: str
    names: frozenset[str]  # the metric slugs it uses
    tree: ast.expr = field(compare=False, repr=False)


def parse_formula(text: str, known: Iterable[str] | None = None) -> Formula:
    """Check `text` and return it parsed; RumboError says what is wrong, in Spanish.

    With `known` (the cooperative's metric slugs), names not among them are an error
    that lists them, with the closest known names as suggestions.
    """
    if not isinstance(text, str) or not text.strip():
        raise RumboError(gettext_noop("La fórmula está vacía."))
    clean = " ".join(text.translate(_LOOKALIKES).split())
    if len(clean) > MAX_LENGTH:
        raise RumboError(
            gettext_noop("La fórmula es demasiado larga (máximo %(limit)s caracteres)."),
            limit=MAX_LENGTH,
        )
    tree = _syntax_tree(clean)
    names: set[str] = set()
    _check(tree, clean, names, depth=0)
    formula = Formula(clean, frozenset(names), _with_decimals(tree))
    if known is not None:
        _check_known(formula, set(known))
    return formula


def dependencies(formula: "Formula | str") -> frozenset[str]:
    """The metric slugs a formula uses."""
    return _parsed(formula).names


def evaluation_order(formulas: Mapping[str, "Formula | str"]) -> list[str]:
    """Formula metrics in an order where each comes after the formula metrics it uses.

    Names that are not keys of `formulas` are inputs (plain metrics) and are left out.
    A cycle, including a formula that uses itself, is a RumboError naming it.
    """
    graph = {key: _parsed(value).names & formulas.keys() for key, value in formulas.items()}
    for key, uses in graph.items():
        if key in uses:
            raise RumboError(gettext_noop("La fórmula de «%(name)s» se usa a sí misma."), name=key)
    try:
        return list(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as error:
        cycle = list(reversed(error.args[1]))
        raise RumboError(gettext_noop("Las fórmulas forman un ciclo: %(cycle)s."), cycle=" → ".join(cycle)) from None


def check_cycles(formulas: Mapping[str, "Formula | str"]) -> None:
    """Raise RumboError if a formula depends on itself, directly or through others."""
    evaluation_order(formulas)


def evaluate(formula: "Formula | str", values: Mapping[str, object]) -> Decimal | None:
    """The formula's value for one period; None if an input is missing or it cannot be computed."""
    formula = _parsed(formula)
    inputs = {}
    for name in formula.names:
        number = _decimal(values.get(name))
        if number is None:
            return None
        inputs[name] = number
    evaluator = SimpleEval(operators=_OPERATORS, functions=_FUNCTIONS, names=inputs)
    with localcontext() as context:
        context.prec = 28
        try:
            result = evaluator.eval(formula.text, previously_parsed=formula.tree)
        except (ArithmeticError, DecimalException, TypeError, ValueError, RecursionError):
            return None
    return _decimal(result)


def evaluate_series(
    formula: "Formula | str", series: Mapping[str, Mapping[date, object]]
) -> dict[date, Decimal | None]:
    """The formula for every period any of its inputs has, in period order."""
    formula = _parsed(formula)
    periods = sorted({p for name in formula.names for p in series.get(name, {})})
    return {period: evaluate(formula, {n: series.get(n, {}).get(period) for n in formula.names}) for period in periods}


def evaluate_all(
    formulas: Mapping[str, "Formula | str"], series: Mapping[str, Mapping[date, object]]
) -> dict[str, dict[date, Decimal | None]]:
    """Every formula metric over every period, formulas that use formulas included."""
    parsed = {key: _parsed(value) for key, value in formulas.items()}
    pool = dict(series)
    results = {}
    for key in evaluation_order(parsed):
        results[key] = evaluate_series(parsed[key], pool)
        pool[key] = {p: v for p, v in results[key].items() if v is not None}
    return results


def _parsed(formula: "Formula | str") -> Formula:
    return formula if isinstance(formula, Formula) else parse_formula(formula)


def _decimal(value: object) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (ArithmeticError, ValueError, TypeError):
        return None
    return number if number.is_finite() else None


def _syntax_tree(text: str) -> ast.expr:
    if text.count("(") != text.count(")"):
        raise RumboError(
            gettext_noop("Los paréntesis de la fórmula «%(formula)s» no están equilibrados."),
            formula=text,
        )
    if text[-1] in "+-*/,":
        raise RumboError(
            gettext_noop("La fórmula «%(formula)s» termina en un signo: falta lo que sigue."),
            formula=text,
        )
    try:
        return ast.parse(text, mode="eval").body
    except SyntaxError as error:
        position = error.offset or 1
        raise RumboError(
            gettext_noop(
                "La fórmula «%(formula)s» tiene un error cerca del carácter %(position)s: "
                "revise los signos y los paréntesis."
            ),
            formula=text,
            position=position,
        ) from None
    except (RecursionError, MemoryError, ValueError):
        raise RumboError(gettext_noop("La fórmula «%(formula)s» es demasiado complicada."), formula=text) from None


def _check(node: ast.AST, text: str, names: set[str], depth: int) -> None:
    if depth > MAX_DEPTH:
        raise RumboError(gettext_noop("La fórmula «%(formula)s» es demasiado complicada."), formula=text)
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
        _check(node.left, text, names, depth + 1)
        _check(node.right, text, names, depth + 1)
    elif isinstance(node, ast.UnaryOp) and type(node.op) in _OPERATORS:
        _check(node.operand, text, names, depth + 1)
    elif isinstance(node, ast.Constant) and type(node.value) in (int, float):
        if node.value != node.value or node.value in (float("inf"), float("-inf")):
            raise _not_allowed(node, text)
    elif isinstance(node, ast.Name):
        if not SLUG.fullmatch(node.id):
            raise RumboError(
                gettext_noop(
                    "«%(name)s» no es un nombre de métrica válido: use minúsculas sin tildes, "
                    "números y guiones bajos (por ejemplo, ventas_mes)."
                ),
                name=node.id,
            )
        names.add(node.id)
    elif isinstance(node, ast.Call):
        _check_call(node, text, names, depth)
    elif isinstance(node, ast.Tuple) and depth == 0:
        raise RumboError(
            gettext_noop("En las fórmulas los decimales se escriben con punto (0.5, no 0,5): «%(formula)s»."),
            formula=text,
        )
    else:
        raise _not_allowed(node, text)


def _check_call(node: ast.Call, text: str, names: set[str], depth: int) -> None:
    function = node.func.id if isinstance(node.func, ast.Name) else None
    if function not in _FUNCTIONS:
        raise RumboError(
            gettext_noop("«%(part)s» no es una función de fórmula; las funciones son min, max, abs y round."),
            part=ast.get_source_segment(text, node.func) or "?",
        )
    low, high = _ARITY[function]
    if node.keywords or not low <= len(node.args) <= high:
        raise RumboError(
            gettext_noop("La función «%(function)s» no admite esos argumentos: «%(part)s»."),
            function=function,
            part=ast.get_source_segment(text, node) or function,
        )
    for argument in node.args:
        _check(argument, text, names, depth + 1)


def _not_allowed(node: ast.AST, text: str) -> RumboError:
    return RumboError(
        gettext_noop(
            "«%(part)s» no está permitido en una fórmula: use solo + - * / ( ), números, "
            "nombres de métricas y las funciones min, max, abs y round."
        ),
        part=ast.get_source_segment(text, node) or text,
    )


def _with_decimals(tree: ast.expr) -> ast.expr:
    """Number literals as Decimal, so that 0.1 means one tenth, not the float nearest to it."""

    class ToDecimal(ast.NodeTransformer):
        def visit_Constant(self, node: ast.Constant) -> ast.Constant:
            # simpleeval returns a constant's value as it is; the stubs only know Python's literals
            return ast.copy_location(ast.Constant(Decimal(str(node.value))), node)  # type: ignore[arg-type]

    converted: ast.expr = ToDecimal().visit(tree)
    return converted


def _check_known(formula: Formula, known: set[str]) -> None:
    unknown = sorted(formula.names - known)
    if not unknown:
        return
    listed = ", ".join(f"«{name}»" for name in unknown)
    suggestions = [match for name in unknown for match in difflib.get_close_matches(name, known, n=1)]
    if suggestions:
        raise RumboError(
            gettext_noop("La fórmula usa métricas que no existen: %(names)s. ¿Quiso decir %(suggestions)s?"),
            names=listed,
            suggestions=", ".join(f"«{name}»" for name in suggestions),
        )
    raise RumboError(gettext_noop("La fórmula usa métricas que no existen: %(names)s."), names=listed)
