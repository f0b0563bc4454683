"""Every chart draws with the public names of one SVG toolkit, and none redefines its helpers."""

import ast
from pathlib import Path

import rumbo

ROOT = Path(rumbo.__file__).parent
TOOLKIT = ROOT / "kpis" / "charts" / "toolkit.py"
CHART_MODULES = sorted({*ROOT.glob("*/charts.py"), *ROOT.glob("*/charts/*.py")} - {TOOLKIT})


def tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def defined_in(module: ast.Module) -> set[str]:
    """The names a module defines at its top: functions, classes and assigned constants."""
    names = set()
    for node in module.body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
    return names


PUBLIC = {name for name in defined_in(tree(TOOLKIT)) if not name.startswith("_")}


def test_the_chart_modules_are_found():
    names = {str(p.relative_to(ROOT)) for p in CHART_MODULES}
    assert {"kpis/charts/history.py", "kpis/charts/small.py", "okrs/charts.py", "insight/charts.py"} <= names


def test_no_chart_module_imports_a_private_name_of_another_module():
    private = [
        f"{path.relative_to(ROOT)}: {node.module}.{alias.name}"
        for path in CHART_MODULES
        for node in ast.walk(tree(path))
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("rumbo")
        for alias in node.names
        if alias.name.startswith("_")
    ]
    assert private == []


def test_every_drawing_module_uses_the_toolkit_and_redefines_none_of_it():
    for path in CHART_MODULES:
        if path.name == "__init__.py":
            continue
        module = tree(path)
        imported = {
            alias.name
            for node in ast.walk(module)
            if isinstance(node, ast.ImportFrom) and node.module == "rumbo.kpis.charts.toolkit"
            for alias in node.names
        }
        defined = {node.name.lstrip("_") for node in module.body if isinstance(node, ast.FunctionDef | ast.ClassDef)}
        assert imported and imported <= PUBLIC, path
        assert not defined & PUBLIC, f"{path} redefines {defined & PUBLIC}"
