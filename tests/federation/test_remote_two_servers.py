"""Two real `rumbo serve` on 127.0.0.1, each with its own data folder: members' pushes reach the federation's Rumbo,
a member offline catches up when the federation is back, and a KPI no longer shared leaves the statistics."""

import csv
import io
import json
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.cli.test_serve import answers, free_port
from tests.ops.scratch import RUMBO, helper, scratch_site

pytestmark = pytest.mark.slow

VOLUME = "volumen_vendido"
MEMBERS = 3  # k = 3: the fewest members a published figure rests on


def start(env: dict, port: int) -> subprocess.Popen:
    return subprocess.Popen(
        [RUMBO, "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def answering(process: subprocess.Popen, port: int) -> subprocess.Popen:
    assert answers(port, time.monotonic() + 240), f"the server on port {port} did not answer"
    return process


@contextmanager
def running(env: dict, port: int):
    """A server started, and stopped at the end; not yet waited for."""
    process = start(env, port)
    try:
        yield process
    finally:
        stop(process)


@contextmanager
def serving(env: dict, port: int):
    with running(env, port) as process:
        yield answering(process, port)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_for(check, what: str, seconds: float = 180, show=lambda: None):
    deadline = time.monotonic() + seconds
    while True:
        found = check()
        if found:
            return found
        assert time.monotonic() < deadline, f"waited {seconds} s for {what}; seen: {show()!r}"
        time.sleep(0.5)


def ok(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    return done.stdout


def stats(site) -> dict[str, dict]:
    out = ok(site(["rumbo", "federation", "stats", "--federation", "red", "--kpi", VOLUME, "--format", "csv"]))
    return {row["period"]: row for row in csv.DictReader(io.StringIO(out))}


def test_a_member_pushes_goes_offline_catches_up_and_stops_sharing(tmp_path: Path):
    with scratch_site(tmp_path / "fed") as fed, scratch_site(tmp_path / "mem") as mem:
        for env in (fed, mem):
            # the federation listens on 127.0.0.1: its operator allows private addresses, as on an office network
            env.update(
                {"HOME": str(tmp_path), "RUMBO_FEDERATION_RETRY_SECONDS": "2", "RUMBO_ALLOW_PRIVATE_ADDRESSES": "1"}
            )
            env.pop("RUMBO_TASKS_BACKEND", None)
        fed_port, mem_port = free_port(), free_port()
        url = f"http://127.0.0.1:{fed_port}"
        with (
            helper("tests.federation.remote_step", mem) as member_site,
            helper("tests.federation.remote_step", fed) as federation_site,  # the federation's commands and checks
        ):
            assert json.loads(ok(federation_site(["contributions"]))) == []  # migrated, and empty
            ok(
                federation_site(
                    ["rumbo", "federation", "create", "red", "--name", "Red Café del Sur", "--min-contributors", "3"]
                )
            )
            keys = [
                ok(
                    federation_site(
                        ["rumbo", "federation", "key", "--federation", "red", "--member", f"Miembro remoto {i}"]
                    )
                )
                .strip()
                .splitlines()[-1]
                for i in range(MEMBERS)
            ]
            kpis = json.loads(ok(member_site(["members", str(MEMBERS)])))
            # Both start at once; each is waited for before anything reaches it.
            with running(mem, mem_port) as member_process, running(fed, fed_port) as federation_process:
                answering(member_process, mem_port)
                answering(federation_process, fed_port)
                try:
                    for i in range(MEMBERS):
                        push = ["--coop", f"m{i}", "--url", url, "--key", keys[i], "--kpi", kpis[f"m{i}"]]
                        pushed = ok(member_site(["rumbo", "federation", "push", *push]))
                        assert "3 valores de 1 indicador enviados a Red Café del Sur" in pushed
                    published = wait_for(
                        lambda: (s := stats(federation_site)) and s["2025-03-01"]["median"] and s,
                        "the federation to publish",
                    )
                    assert published["2025-03-01"]["contributors"] == "3"
                    assert published["2025-03-01"]["total"] == "606"  # 102 + 202 + 302
                finally:
                    stop(federation_process)

                # The federation is offline: a change on the member's Rumbo is pushed by its worker, which fails and waits.
                ok(member_site(["value", "m0", kpis["m0"], "2025-03-01", "250"]))
                failing = wait_for(
                    lambda: (s := json.loads(ok(member_site(["link", "m0"]))))["attempts"] >= 1 and s,
                    "the member's worker to try the push",
                )
                assert failing["status"] == "retrying" and failing["pending"] and "no responde" in failing["error"]

                with serving(fed, fed_port):  # back, on the same address and data folder
                    caught_up = wait_for(
                        lambda: (s := json.loads(ok(member_site(["link", "m0"]))))["status"] == "ok" and s,
                        "the member to catch up",
                    )
                    assert not caught_up["pending"] and caught_up["attempts"] == 0
                    held = json.loads(ok(federation_site(["contributions"])))
                    assert [*held[2][:3], held[2][3].split(".")[0]] == ["Miembro remoto 0", VOLUME, "2025-03-01", "250"]
                    now = wait_for(
                        lambda: (s := stats(federation_site))["2025-03-01"]["total"] == "754" and s,  # 250 + 202 + 302
                        "the figures with the new value",
                        show=lambda: (stats(federation_site), federation_site(["contributions"]).stdout),
                    )
                    # The member learns its band from the federation's answer: the figure published after its push.
                    ok(member_site(["rumbo", "federation", "push", "--coop", "m0", "--url", url]))
                    band = json.loads(ok(member_site(["link", "m0"])))["bands"][f"{VOLUME} 2025-03-01"]
                    assert band[0] == 3 and band[1].rstrip("0").rstrip(".") == now["2025-03-01"]["median"]

                    # It stops sharing: its contributions leave at once, and with two members left nothing is published.
                    stop_sharing = ["--coop", "m0", "--url", url, "--stop", kpis["m0"]]
                    stopped = ok(member_site(["rumbo", "federation", "push", *stop_sharing]))
                    assert "0 valores de 0 indicadores" in stopped
                    held = json.loads(ok(federation_site(["contributions"])))
                    assert {row[0] for row in held} == {"Miembro remoto 1", "Miembro remoto 2"}
                    final = wait_for(
                        lambda: (s := stats(federation_site)) and s["2025-03-01"]["contributors"] == "2" and s,
                        "the figures without the member",
                    )
                    assert all(final[p]["median"] == "" and final[p]["total"] == "" for p in final)
                    assert json.loads(ok(member_site(["link", "m0"])))["bands"] == {}
