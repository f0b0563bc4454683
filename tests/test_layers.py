"""The import-linter contracts of pyproject.toml hold: no app imports an app above it, and the engine no Django."""

from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent


def test_no_app_imports_an_app_above_it_and_the_engine_imports_no_django(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)  # the contracts are read from pyproject.toml, the modules found from here
    code = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    assert code == 0, capsys.readouterr().out
