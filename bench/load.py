"""Load: simulated people of several cooperatives browse, open KPIs and enter values against gunicorn in production settings.

For each database it builds a throwaway site (the demo cooperative plus copies of it, one
editor per simulated person, each owning a few KPIs), starts gunicorn with DEBUG off and a
secret key set, and runs three phases against 127.0.0.1 only:
1. ceiling: the same number of people hammer a trivial Django page (bench/support/load_wsgi.py),
   before the rest and again after it (the ratio is against the mean of the two);
2. log-in: every person logs in (password hashing is deliberately slow, so it is timed apart);
3. load: until the time is up (and never more than a bounded number of requests), nine people
   in ten read with no pause at all (the board, a KPI page, the OKR page), and one in ten enters
   values as an editor does: «Mis actualizaciones» and saving a value there or on a KPI page,
   then a pause of EDITOR_PAUSE seconds to read the answer. A cooperative reads far more often
   than it writes; every write makes its pages anew (a new edition of its data), so the readers
   of that cooperative pay for the next view of each page.
It prints requests/s, median/p95/p99 latency, 5xx and other errors, then checks in the
database that every value the simulated people saved is there (in the history, and as the
current value where it was the last one saved).

SQLite runs one gunicorn server (its pages kept in the data folder's file cache); PostgreSQL
(when DATABASE_URL points at one: a throwaway database is created on that server and dropped at
the end) runs TWO gunicorn servers on two ports, each with its own data folder (files live in
the database), sharing a Redis server started for the run (RUMBO_CACHE_URL; Debian's
redis-server), requests alternating between them, to show nothing assumes a single process or a
shared disk. Every request names the same address (Host), as a proxy in front of several servers
passes the one people typed.

    .venv/bin/python bench/load.py                                   # 50 people, 2 minutes each
    .venv/bin/python bench/load.py --users 10 --seconds 15 --engines sqlite
"""

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
PYTHON = sys.executable
MAX_REQUESTS_PER_PERSON = 20_000
WORKERS_IN_TOTAL = 4  # sync workers, as deployment.md runs them: two per core on this machine
LOGIN = "/cuenta/entrar/"
ADDRESS = "127.0.0.1"
EDITOR_PAUSE = 60.0  # seconds an editor takes between two values: a brisk morning of data entry


# The simulated people ---------------------------------------------------------------------------


class Person:
    def __init__(self, index, info, password, bases, deadline, record):
        self.index, self.info, self.password, self.bases, self.deadline, self.record = (
            index,
            info,
            password,
            bases,
            deadline,
            record,
        )
        self.session = requests.Session()
        # One address for every server, as a proxy in front of them passes the one people typed: the
        # pages (and the links they share) are the same whichever server answers.
        self.session.headers["Host"] = ADDRESS
        self.rng = random.Random(index)
        self.calls = 0
        self.saved = []  # [kpi, value typed, person, sequence]
        self.versions = {}  # (kpi, period) -> version this person saved last

    def url(self, path):
        self.calls += 1
        return self.bases[self.calls % len(self.bases)] + path

    def request(self, kind, method, path, expect=200, timeout=60, **kwargs):
        """One request, timed; anything but the expected answer (a page, or a redirect away from the log-in) is an error."""
        started = time.perf_counter()
        try:
            response = self.session.request(method, self.url(path), allow_redirects=False, timeout=timeout, **kwargs)
        except requests.RequestException as err:
            self.record(kind, None, time.perf_counter() - started, repr(err))
            return None
        location = response.headers.get("Location", "")
        ok = response.status_code == expect and not (expect == 302 and location.startswith(LOGIN))
        error = "" if ok else f"{response.status_code} {location or _refusal(response.text)}"
        self.record(kind, response.status_code, time.perf_counter() - started, error)
        return response if ok else None

    def token(self):
        return self.session.cookies.get("csrftoken", "")

    def post_form(self, kind, path, fields, timeout=60):
        """A form sent with this session's CSRF token; a redirect is the form's success."""
        data = {**fields, "csrfmiddlewaretoken": self.token()}
        return self.request(kind, "POST", path, expect=302, timeout=timeout, data=data)

    def log_in(self) -> bool:
        self.request("entrar (GET)", "GET", LOGIN)
        fields = {"username": self.info["email"], "password": self.password}
        response = self.post_form("entrar (POST)", LOGIN, fields, timeout=300)
        return response is not None

    def value(self) -> str:
        return f"{(self.index + 1) * 1_000_000 + len(self.saved)},5"

    def browse(self):
        coop = f"/c/{self.info['coop']}"
        editor = self.index % 10 == 0
        while time.monotonic() < self.deadline and self.calls < MAX_REQUESTS_PER_PERSON:
            roll = self.rng.random()
            if editor:
                if roll < 0.5:
                    self.my_updates(coop)
                else:
                    self.kpi_value(coop)
                time.sleep(max(0.0, min(EDITOR_PAUSE, self.deadline - time.monotonic())))
            elif roll < 0.45:
                self.request("tablero", "GET", f"{coop}/")
            elif roll < 0.85:
                self.request("indicador", "GET", f"{coop}/indicadores/{self.rng.choice(self.info['kpis'])}/")
            else:
                self.request("OKR", "GET", f"{coop}/okr/")

    def my_updates(self, coop):
        page = self.request("mis actualizaciones (GET)", "GET", f"{coop}/actualizaciones/")
        if page is None:
            return
        rows = re.findall(r'name="(k\d+)-value"', page.text)
        if not rows:
            return
        prefix = self.rng.choice(rows)
        version = re.search(rf'name="{prefix}-version"(?: value="(\d*)")?', page.text)
        value = self.value()
        fields = {
            f"{prefix}-value": value,
            f"{prefix}-note": "",
            f"{prefix}-version": (version and version.group(1)) or "",
        }
        response = self.post_form("mis actualizaciones (POST)", f"{coop}/actualizaciones/", fields)
        if response is not None:
            self.saved.append([int(prefix[1:]), value, self.index, len(self.saved)])

    def kpi_value(self, coop):
        if not self.info.get("owned_monthly"):
            return self.my_updates(coop)
        kpi = self.rng.choice(self.info["owned_monthly"])
        self.request("indicador (de quien escribe)", "GET", f"{coop}/indicadores/{kpi}/")
        # A month long before the demo's data, so this person's values are the only ones there.
        period = f"{self.rng.randint(2000, 2019)}-{self.rng.randint(1, 12):02d}-01"
        version = self.versions.get((kpi, period))
        value = self.value()
        fields = {"period": period, "value": value, "note": "", "version": version or ""}
        response = self.post_form("valor en el indicador (POST)", f"{coop}/indicadores/{kpi}/valor/", fields)
        if response is not None:
            self.versions[(kpi, period)] = (version or 0) + 1
            self.saved.append([kpi, value, self.index, len(self.saved)])


def _refusal(html: str) -> str:
    found = re.findall(r'role="alert">(?:<p>)?([^<]+)<', html)
    return " | ".join(found)[:300] or "(sin mensaje)"


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.rows = []

    def __call__(self, kind, status, seconds, error):
        with self.lock:
            self.rows.append((kind, status, seconds, error))


def _in_threads(target, count):
    threads = [threading.Thread(target=target, args=(i,), daemon=True) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def ceiling(bases, users, seconds):
    record = Recorder()
    deadline = time.monotonic() + seconds

    def hammer(i):
        person = Person(i, {}, "", bases, deadline, record)
        while time.monotonic() < deadline and person.calls < MAX_REQUESTS_PER_PERSON:
            person.request("página trivial", "GET", "/bench/ping/")

    started = time.monotonic()
    _in_threads(hammer, users)
    return record.rows, time.monotonic() - started


def load(bases, site, users, seconds, on_pages):
    record = Recorder()
    people = [Person(i, info, site["password"], bases, 0, record) for i, info in enumerate(site["people"][:users])]
    started = time.monotonic()
    logged_in = []
    # People arrive a few at a time, as they do; fifty slow password hashes at one instant would
    # measure only the hashing.
    arriving = threading.Semaphore(WORKERS_IN_TOTAL)

    def arrive(i):
        with arriving:
            logged_in.append(people[i].log_in())

    _in_threads(arrive, len(people))
    login_seconds = time.monotonic() - started
    login_rows = list(record.rows)
    record.rows.clear()
    deadline = time.monotonic() + seconds
    for person in people:
        person.deadline = deadline
    spent = on_pages()
    started = time.monotonic()
    _in_threads(lambda i: people[i].browse(), len(people))
    elapsed = time.monotonic() - started
    saved = [s for p in people for s in p.saved]
    return {
        "rows": record.rows,
        "elapsed": elapsed,
        "login_rows": login_rows,
        "login_seconds": login_seconds,
        "logged_in": sum(logged_in),
        "saved": saved,
        "spent": spent,
    }


# Servers, reports and the run -------------------------------------------------------------------


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(env, n, count):
    """Server `n`'s environment: with several servers each has its own data folder, as on separate machines."""
    return env if count == 1 else {**env, "RUMBO_DATA_DIR": f"{env['RUMBO_DATA_DIR']}-{n}"}


def start_servers(env, count, log_dir):
    servers = []
    for n in range(count):
        port = _free_port()
        log = open(log_dir / f"gunicorn-{n}.log", "w")
        process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "load_wsgi:application",
                "--pythonpath",
                f"{BENCH / 'support'},{ROOT}",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(WORKERS_IN_TOTAL // count),
                "--preload",
                "--timeout",
                "120",
                "--graceful-timeout",
                "10",
            ],
            env=server_env(env, n, count),
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        servers.append((process, f"http://127.0.0.1:{port}", log))
    for process, base, _ in servers:
        deadline = time.monotonic() + 300
        while True:
            try:
                if requests.get(base + "/bench/ping/", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(
                    "gunicorn did not start:\n"
                    + "\n".join(p.read_text()[-3000:] for p in sorted(log_dir.glob("gunicorn-*.log")))
                )
            time.sleep(0.3)
    return servers


def stop_servers(servers):
    for process, _, _log in servers:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process, _, log in servers:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


class CpuSpent:
    """CPU seconds spent, from `/proc`: by the servers (every process of their sessions, workers included) and by
    this process (the simulated people), so a phase's figures say which side the machine spent its time on."""

    def __init__(self, servers):
        self.sessions = {process.pid for process, _, _ in servers}  # started with start_new_session
        self.began = self.now()

    def now(self):
        tick, servers = os.sysconf("SC_CLK_TCK"), 0
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                except OSError:  # the process ended meanwhile
                    continue
                if int(fields[3]) in self.sessions:
                    servers += (int(fields[11]) + int(fields[12])) / tick
        mine = os.times()
        return servers, mine.user + mine.system

    def per_request(self, requests):
        servers, client = (now - began for now, began in zip(self.now(), self.began, strict=True))
        return f"CPU per request: servers {servers / requests * 1000:.2f} ms, people {client / requests * 1000:.2f} ms"


def _ceiling(bases, users, seconds, servers, when):
    """The trivial page's run, measured before and after Rumbo's pages: a shared machine's speed drifts."""
    spent = CpuSpent(servers)
    rows, elapsed = ceiling(bases, users, seconds)
    trivial = summarise(rows, elapsed)
    report(f"trivial Django page, {seconds} s, {when} (ceiling)", trivial)
    print(f"    {spent.per_request(trivial['requests'])}", flush=True)
    return trivial


def summarise(rows, elapsed):
    def stats(latencies):
        ms = sorted(x * 1000 for x in latencies)
        q = statistics.quantiles(ms, n=100, method="inclusive") if len(ms) > 1 else ms * 99
        return {"n": len(ms), "median": statistics.median(ms), "p95": q[94], "p99": q[98]}

    by_kind = {}
    for kind, _status, seconds, _error in rows:
        by_kind.setdefault(kind, []).append(seconds)
    unexpected = [(kind, status, error) for kind, status, _, error in rows if error]
    return {
        "requests": len(rows),
        "per_second": len(rows) / elapsed,
        "all": stats([r[2] for r in rows]) if rows else None,
        "kinds": {kind: stats(lat) for kind, lat in sorted(by_kind.items())},
        "5xx": sum(1 for _, status, _, _ in rows if status is not None and status >= 500),
        "errors": len(unexpected),
        "examples": unexpected[:5],
    }


def report(title, summary):
    a = summary["all"]
    print(
        f"  {title}: {summary['requests']} requests, {summary['per_second']:.1f}/s; "
        f"median {a['median']:.0f} ms, p95 {a['p95']:.0f} ms, p99 {a['p99']:.0f} ms; 5xx {summary['5xx']}, errors {summary['errors']}"
    )
    for kind, s in summary["kinds"].items():
        print(
            f"    {kind:<30} {s['n']:>6}  median {s['median']:>6.0f} ms  p95 {s['p95']:>6.0f} ms  p99 {s['p99']:>6.0f} ms"
        )
    for example in summary["examples"]:
        print(f"    error: {example}")


def run(engine, users, seconds, ceiling_seconds, coops):
    folder = Path(tempfile.mkdtemp(prefix=f"rumbo-load-{engine}-"))
    env = {
        **os.environ,
        "RUMBO_DATA_DIR": str(folder / "data"),
        "SECRET_KEY": "load-" + uuid.uuid4().hex * 2,
        "ALLOWED_HOSTS": ADDRESS,
        "LOG_LEVEL": "ERROR",
        "PYTHONPATH": str(ROOT),
    }
    for name in ("DEBUG", "RUMBO_LOCAL", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE"):
        env.pop(name, None)
    server_count, database = 1, None
    if engine == "postgresql":
        import psycopg

        database = f"rumbo_load_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as db:
            db.execute(f'CREATE DATABASE "{database}"')
        env["DATABASE_URL"] = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + database
        server_count = 2
    else:
        env.pop("DATABASE_URL", None)
    servers, cache_server = [], None
    try:
        if server_count > 1:  # the page cache the servers share, as on several machines
            port = _free_port()
            cache_server = subprocess.Popen(
                ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                stdout=subprocess.DEVNULL,
            )
            env["RUMBO_CACHE_URL"] = f"redis://127.0.0.1:{port}/0"
        print(
            f"== {engine}: {users} people, {coops} cooperatives, {server_count} gunicorn server(s) × {WORKERS_IN_TOTAL // server_count} "
            f"sync workers, DEBUG off, pages kept in {'Redis' if cache_server else 'files'}",
            flush=True,
        )
        started = time.monotonic()
        subprocess.run(
            [
                PYTHON,
                str(BENCH / "support" / "load_site.py"),
                "prepare",
                str(users),
                str(coops),
                str(folder / "site.json"),
            ],
            env=env,
            check=True,
            cwd=ROOT,
        )
        for n in range(server_count):  # each server's own data folder: only the database is shared
            subprocess.run(
                [str(Path(PYTHON).with_name("rumbo")), "manage", "collectstatic", "--noinput", "-v0"],
                env=server_env(env, n, server_count),
                check=True,
                cwd=ROOT,
                capture_output=True,
            )
        site = json.loads((folder / "site.json").read_text())
        print(f"  site ready in {time.monotonic() - started:.0f} s", flush=True)
        servers = start_servers(env, server_count, folder)
        bases = [base for _, base, _ in servers]
        trivial = [_ceiling(bases, users, ceiling_seconds, servers, "before")]
        result = load(bases, site, users, seconds, on_pages=lambda: CpuSpent(servers))
        print(f"  log-in: {result['logged_in']}/{users} people in {result['login_seconds']:.1f} s", flush=True)
        report("log-in (password hashing included)", summarise(result["login_rows"], result["login_seconds"]))
        main = summarise(result["rows"], result["elapsed"])
        report(f"Rumbo pages, {seconds} s", main)
        print(f"    {result['spent'].per_request(main['requests'])}", flush=True)
        trivial.append(_ceiling(bases, users, ceiling_seconds, servers, "after"))
        ceiling_per_second = statistics.mean(t["per_second"] for t in trivial)
        print(
            f"  Rumbo pages / trivial page (the mean of before and after, {ceiling_per_second:.1f}/s): "
            f"{main['per_second'] / ceiling_per_second:.0%} of its requests/s",
            flush=True,
        )
        stop_servers(servers)
        servers = []
        (folder / "saved.json").write_text(json.dumps(result["saved"]))
        checked = subprocess.run(
            [PYTHON, str(BENCH / "support" / "load_site.py"), "verify", str(folder / "saved.json")],
            env=env,
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        verdict = (
            json.loads(checked.stdout.strip().splitlines()[-1])
            if checked.returncode == 0
            else {"error": checked.stderr[-2000:]}
        )
        print(
            f"  saved values: {verdict.get('checked')} checked, {verdict.get('missing_count')} missing from the database, "
            f"{verdict.get('not_current_count')} not the current value",
            flush=True,
        )
        if "error" in verdict:
            print(verdict["error"])
        return {
            "engine": engine,
            "trivial": trivial,
            "main": main,
            "verdict": verdict,
            "logged_in": result["logged_in"],
            "login_seconds": result["login_seconds"],
        }
    finally:
        stop_servers(servers)
        if cache_server:
            cache_server.terminate()
            cache_server.wait(timeout=10)
        if database:
            import psycopg

            with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as db:
                db.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        shutil.rmtree(folder, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--ceiling-seconds", type=int, default=20)
    parser.add_argument("--coops", type=int, default=5, help="the demo cooperative plus copies of it")
    on_postgresql = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
    parser.add_argument("--engines", default="sqlite,postgresql" if on_postgresql else "sqlite")
    args = parser.parse_args()
    results = [
        run(engine, args.users, args.seconds, args.ceiling_seconds, args.coops) for engine in args.engines.split(",")
    ]
    failed = [
        r["engine"]
        for r in results
        if r["main"]["5xx"]
        or r["verdict"].get("missing_count")
        or r["verdict"].get("not_current_count")
        or "error" in r["verdict"]
        or r["logged_in"] < args.users
    ]
    print("== " + ("FAILED on " + ", ".join(failed) if failed else "zero 5xx, zero lost writes"))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
