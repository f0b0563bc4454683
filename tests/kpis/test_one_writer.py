"""Every write of a KPI value or its history goes through `rumbo/kpis/services/values.py`, and nowhere else.

The code under rumbo/ is read (not run): a `Measurement` built, saved, updated or deleted,
through its manager, its history, a KPI's `measurements`, a row read from them, or a bulk
helper given the model, outside the writer (and migrations) fails the test with where it is.
"""

import ast
from pathlib import Path

import rumbo

ROOT = Path(rumbo.__file__).parent
WRITER = ROOT / "kpis" / "services" / "values.py"
WRITES = {
    "save",
    "delete",
    "update",
    "create",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
    "_raw_delete",
    "bulk_history_create",
}

BULK_WORDS = ("bulk", "update", "delete", "create", "save")  # a helper given the model to write its rows


def _rooted(node: ast.AST, tainted: set[str]) -> bool:
    """Whether the expression starts at the Measurement model, a KPI's values, or a name read from them."""
    while True:
        if isinstance(node, ast.Attribute):
            if node.attr == "measurements":
                return True
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Subscript):
            node = node.value
        elif isinstance(node, ast.Name):
            return node.id == "Measurement" or node.id in tainted
        else:
            return False


def _given_the_model(call: ast.Call) -> bool:
    given = [*call.args, *(k.value for k in call.keywords)]
    return any(isinstance(a, ast.Name) and a.id == "Measurement" for a in given)


def _names(target: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}


def _writes_in(scope: ast.AST) -> list[tuple[int, str]]:
    tainted: set[str] = set()
    for node in ast.walk(scope):  # names bound to what is read from Measurement, wherever in the scope
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None and _rooted(node.value, tainted):
            tainted |= _names(node.targets[0] if isinstance(node, ast.Assign) else node.target)
        elif isinstance(node, ast.For | ast.comprehension) and _rooted(node.iter, tainted):
            tainted |= _names(node.target)
    found = []
    for node in ast.walk(scope):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == "Measurement":
            found.append((node.lineno, "Measurement(...)"))
        elif isinstance(func, ast.Attribute) and func.attr in WRITES and _rooted(func.value, tainted):
            found.append((node.lineno, f".{func.attr}()"))
        elif _given_the_model(node) and any(word in ast.unparse(func) for word in BULK_WORDS):
            found.append((node.lineno, f"{ast.unparse(func)}(..., Measurement, ...)"))
    return found


def writes_of(source: str) -> list[tuple[int, str]]:
    """Where this code writes a value: each function on its own, so a name means what it means there."""
    tree = ast.parse(source)
    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)]
    found = set()
    for scope in [tree, *functions]:
        found |= set(_writes_in(scope))
    return sorted(found)


def test_no_value_is_written_outside_the_writer():
    outside = [
        f"{path.relative_to(ROOT.parent)}:{line} {what}"
        for path in sorted(ROOT.rglob("*.py"))
        if path != WRITER and "migrations" not in path.parts
        for line, what in writes_of(path.read_text())
    ]
    assert outside == []


def test_the_writer_is_where_values_are_written():
    found = {what for _line, what in writes_of(WRITER.read_text())}
    assert {"Measurement(...)", ".save()", ".delete()", "bulk_create_with_history(..., Measurement, ...)"} <= found


def test_the_check_sees_each_way_of_writing_a_value():
    ways = {
        "Measurement.objects.create(kpi=k, period=p, value=1)": ".create()",
        "Measurement.objects.filter(kpi=k).update(value=1)": ".update()",
        "Measurement.objects.filter(kpi=k).delete()": ".delete()",
        "Measurement.objects.bulk_create(rows)": ".bulk_create()",
        "Measurement.history.filter(kpi_id=1).delete()": ".delete()",
        "kpi.measurements.all().delete()": ".delete()",
        "bulk_update_with_history(rows, Measurement, ['value'])": "bulk_update_with_history(..., Measurement, ...)",
        "Measurement(kpi=k, period=p)": "Measurement(...)",
        "rows_update(model=Measurement, rows=rows, fields=['value'])": "rows_update(..., Measurement, ...)",
        "def f():\n    m = Measurement.objects.get(pk=1)\n    m.value = 2\n    m.save()": ".save()",
        "def f():\n    rows = Measurement.objects.filter(kpi=k)\n    rows._raw_delete(rows.db)": "._raw_delete()",
        "def f(kpi):\n    for m in kpi.measurements.all():\n        m.delete()": ".delete()",
    }
    for code, what in ways.items():
        assert what in {w for _line, w in writes_of(code)}, code


def test_reading_values_or_writing_other_rows_is_not_a_write():
    reads = [
        "Measurement.objects.filter(kpi=k).order_by('period')",
        "Measurement.history.filter(kpi_id=1).count()",
        "def f():\n    rows = Measurement.objects.filter(kpi=k)\n    return rows.exists()",
        "def f(kpi):\n    kpi.save()\n    Target.objects.filter(kpi=kpi).delete()",
        "def f():\n    rows = {}\n    rows.update(a=1)",
    ]
    for code in reads:
        assert writes_of(code) == [], code


def test_no_view_opens_a_transaction():
    """A view calls a service, which writes all or nothing itself: a transaction is never the view's."""
    views = [*ROOT.glob("*/views.py"), *ROOT.glob("*/views/*.py")]
    assert len(views) > 10
    opened = [str(p.relative_to(ROOT.parent)) for p in views if "transaction" in p.read_text()]
    assert opened == []
