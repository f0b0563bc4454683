"""A `rumbo dataset load` or a recomputation killed (SIGKILL) midway leaves a consistent site, and a re-run completes it.

The tests share one scratch site (SQLite in a temporary data folder, or a new database on
the PostgreSQL server of DATABASE_URL) and drive it through real `rumbo` processes, the ones killed
and the ones timed to choose when to kill; one long-lived helper process of the site checks it,
changes metrics behind Rumbo's back and runs the commands that complete what a kill left. After
every kill the site is checked: each version row has its whole files, and every stored
value is what the latest committed version gives (a version is there with its values, or
not at all); what a killed load left on disk is named by no version, so no page shows it,
and the next load sweeps it away.
"""

import json
import random
import signal
import subprocess
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.ops.scratch import ROOT, RUMBO, helper, rumbo, scratch_site

pytestmark = pytest.mark.slow  # real processes or long runs: a parallel run starts this file first

ROWS = 60_000


def write_sales(path: Path, rows: int, seed: int) -> None:
    rng = random.Random(seed)
    start = date(2022, 1, 1)
    lines = ["Fecha;Cliente;Producto;Monto"]
    for _ in range(rows):
        day = start + timedelta(days=rng.randrange(1095))
        amount = f"{rng.randrange(100, 500000) / 100:.2f}".replace(".", ",")
        lines.append(
            f"{day:%d/%m/%Y};C{rng.randrange(4000):04d};{rng.choice(('pergamino', 'tostado', 'molido'))};{amount}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def ok(result):
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def state(check) -> dict:
    return json.loads(ok(check(["state", "--coop", "cafe"])).stdout)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("crash")
    with scratch_site(folder) as env, helper("tests.datasets.crash_check", env) as check:
        small, big = folder / "pequeno.csv", folder / "grande.csv"
        write_sales(small, 300, seed=1)
        write_sales(big, ROWS, seed=2)
        ok(check(["setup", "--coop", "cafe", "--file", str(small)]))
        yield env, big, Path(env["RUMBO_DATA_DIR"]) / "media" / "datasets" / "cafe", check


def start(args, env) -> subprocess.Popen:
    return subprocess.Popen([RUMBO, *args], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def kill_when(process: subprocess.Popen, condition, timeout=300) -> bool:
    """SIGKILL the process as soon as `condition()` holds; False if it ended first."""
    deadline = time.monotonic() + timeout
    while process.poll() is None:
        if condition():
            process.send_signal(signal.SIGKILL)
            process.wait()
            return True
        assert time.monotonic() < deadline, "the process never reached the point to kill it at"
        time.sleep(0.002)
    return False


def assert_consistent(report: dict) -> None:
    assert all(whole for *_, whole in report["versions"]), report["versions"]
    assert report["stale_values"] == 0  # every stored value is what the latest committed version gives


def load_args(big: Path, *extra) -> list[str]:
    return ["dataset", "load", "--coop", "cafe", "--name", "ventas", str(big), *extra]


def test_a_load_killed_while_writing_its_files_or_its_values_leaves_the_last_version_whole(site):
    env, big, folder, check = site
    before = state(check)
    last = before["versions"][-1][1]
    following = f"v{last + 1}"
    moments = {
        "the upload is kept": lambda: any(p.name.startswith(following + "-") for p in folder.glob("*/*")),
        "the Parquet file is being written": lambda: any(folder.glob("*/*.parquet.tmp")),
        "the values are being written": lambda: any(folder.glob(f"*/{following}.parquet")),
    }
    for moment, reached in moments.items():
        killed = kill_when(start(load_args(big), env), reached)
        after = state(check)
        assert_consistent(after)
        if killed:
            assert after["versions"] == before["versions"], moment  # nothing of the killed version is shown
            assert after["values"] == before["values"], moment
        else:
            before, following = after, f"v{after['versions'][-1][1] + 1}"
    rerun = ok(check(["rumbo", *load_args(big)]))
    final = state(check)
    assert f"versión {final['versions'][-1][1]}: {ROWS} filas" in rerun.stdout
    assert_consistent(final)
    assert final["unlisted_files"] == []  # what the killed loads left was swept before writing again
    assert len(final["values"]["ingresos"]) > 1000


def test_loads_killed_at_any_moment_never_leave_half_a_version(site):
    env, big, _, check = site
    began = time.monotonic()
    ok(rumbo(load_args(big), env))
    whole = time.monotonic() - began
    for fraction in (0.6, 0.9):
        began = time.monotonic()
        kill_when(start(load_args(big, "--append"), env), lambda: time.monotonic() - began > whole * fraction)
        assert_consistent(state(check))
    ok(check(["rumbo", *load_args(big, "--append")]))
    final = state(check)
    assert_consistent(final)
    assert final["versions"][-1][2] >= 2 * ROWS and final["unlisted_files"] == []


def test_a_recomputation_killed_midway_keeps_all_old_values_or_all_new_ones(site):
    env, big, _, check = site
    ok(check(["rumbo", *load_args(big)]))
    old = state(check)["values"]
    redefine = ["redefine", "--coop", "cafe", "--name", "ingresos", "--measure"]
    ok(check([*redefine, "max(Monto)"]))
    began = time.monotonic()
    ok(rumbo(["metric", "recompute", "--coop", "cafe"], env))
    took = time.monotonic() - began
    new = state(check)["values"]
    assert new["ingresos"] != old["ingresos"] and new["medio"] != old["medio"]
    for fraction, measure, complete in [(0.75, "sum(Monto)", old), (0.9, "max(Monto)", new)]:
        stored = state(check)["values"]
        ok(check([*redefine, measure]))
        began = time.monotonic()
        kill_when(
            start(["metric", "recompute", "--coop", "cafe"], env), lambda: time.monotonic() - began > took * fraction
        )
        assert state(check)["values"] in (stored, complete)  # all or nothing, the formula over it included
    ok(check(["rumbo", "metric", "recompute", "--coop", "cafe"]))
    final = state(check)
    assert final["values"] == new and final["stale_values"] == 0
