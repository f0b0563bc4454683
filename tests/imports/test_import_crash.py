"""A `rumbo import values` killed (SIGKILL) midway leaves every value as it was or every value imported, and a re-run completes it."""

import json
import time
from datetime import date

import pytest

from tests.datasets.test_crash_safety import kill_when, ok, start
from tests.ops.scratch import helper, rumbo, scratch_site

pytestmark = pytest.mark.slow  # real processes or long runs: a parallel run starts this file first

KPIS, MONTHS = 30, 120


def values_file(path, offset: int) -> None:
    lines = ["Indicador;Periodo;Valor"]
    for k in range(KPIS):
        for m in range(MONTHS):
            period = date(2016 + m // 12, m % 12 + 1, 1)
            lines.append(f"Indicador {k:02d};{period:%m/%Y};{k * 1000 + m + offset},5")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def state(check) -> dict:
    return json.loads(ok(check(["state", "--coop", "cafe"])).stdout)


def test_an_import_killed_midway_is_all_or_nothing_and_a_rerun_completes_it(tmp_path):
    first, second = tmp_path / "valores.csv", tmp_path / "corregidos.csv"
    values_file(first, 0)
    values_file(second, 7)
    with scratch_site(tmp_path) as env, helper("tests.imports.crash_check", env) as check:
        ok(check(["setup", "--coop", "cafe", "--kpis", str(KPIS)]))
        began = time.monotonic()
        ok(rumbo(["import", "values", "--coop", "cafe", str(first)], env))
        took = time.monotonic() - began
        imported = state(check)
        assert len(imported["values"]) == imported["history"] == KPIS * MONTHS
        killed = 0
        for fraction in (0.7, 0.85, 0.95):
            began = time.monotonic()
            process = start(["import", "values", "--coop", "cafe", str(second)], env)
            killed += kill_when(process, lambda: time.monotonic() - began > took * fraction)
            after = state(check)
            if after != imported:  # the import ended before the kill: it is whole
                assert {v for *_, v in after["values"]} == {
                    f"{k * 1000 + m + 7}.5" for k in range(KPIS) for m in range(MONTHS)
                }
                break
        assert killed
        rerun = ok(check(["rumbo", "import", "values", "--coop", "cafe", str(second)]))  # in the helper process
        final = state(check)
        assert [v for *_, v in final["values"]] == [f"{k * 1000 + m + 7}.5" for k in range(KPIS) for m in range(MONTHS)]
        assert final["history"] == 2 * KPIS * MONTHS  # each value once created and once changed, nothing twice
        again = ok(check(["rumbo", "import", "values", "--coop", "cafe", str(second)]))
        assert f"{KPIS * MONTHS} sin cambios" in again.stdout and state(check) == final, rerun.stdout
