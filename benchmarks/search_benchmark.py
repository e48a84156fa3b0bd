"""Near-me search benchmark: build a database of N synthetic clinics, serve it, time it over HTTP.

    .venv/bin/python benchmarks/search_benchmark.py --count 10000,100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python benchmarks/search_benchmark.py --count 100000

For each count it
1. builds a database (SQLite: benchmarks/out/bench-<count>.sqlite3; PostgreSQL: a database
   named bench_<count> on the server of DATABASE_URL, or bench_<name>_<count> when the URL names
   a database other than `postgres`; created if missing, never the one in the URL; serving.py)
   with `migrate` and `generate_clinics --count N --seed 1`; `--reuse` keeps one that already
   holds N clinics;
2. starts gunicorn (one sync worker, production settings, rate limits off) on a free
   loopback port and, with one sequential client, times the JSON search and the search page
   for dense origins (10001 New York, 90012 Los Angeles, 30303 Atlanta) and sparse ones
   (59001 Montana, 99701 Alaska, 82001 Wyoming), POST /api/prescreen/ with routing, and a
   clinic page; the JSON search again with a radius new to every round ("new query"), whose
   count is not yet in the cache (directory.search.counts), so the first-time cost shows too;
3. counts SQL queries per request in-process (CaptureQueriesContext around the same views)
   and times the naive scan (every published clinic, geopy distance in Python, sort);
4. prints a markdown table, and each row against the targets of issue 5; `--output FILE` also
   writes them there.

Peak memory is the web worker's VmHWM from /proc. Everything stays on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import platform
import statistics
import time
import urllib.request
from pathlib import Path

from serving import SEED, Server, Target, build, database_for, run

DENSE = ["10001", "90012", "30303"]
SPARSE = ["59001", "99701", "82001"]
UNCACHED = "JSON search, new query"
# Answers with nothing in the way (outcome "suitable"), so the pre-screen routes to clinics.
SUITABLE_ANSWERS = {
    "age_18_or_over": True,
    "phq2_interest": 2,
    "phq2_mood": 2,
    "self_harm_thoughts": 0,
    "suicide_behavior": "never",
    "condition": "depression",
    "antidepressant_trials": "2+",
    "ketamine_allergy": "no",
    "ketamine_before": "never",
    "vascular_history": "no",
    "medical_conditions": [],
    "psychosis_history": "no",
    "mania_history": "no",
    "substance_use": "never",
    "hallucinogen_bad_reaction": False,
    "pregnancy": "not_applicable",
    "medications": [],
    "ride_home": True,
    "no_driving_until_next_day": True,
}


def timed_request(base: str, path: str, body: dict | None) -> float:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method="POST" if data else "GET")
    if data:
        request.add_header("Content-Type", "application/json")
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:
        response.read()
        if response.status != 200:
            raise SystemExit(f"{path}: HTTP {response.status}")
    return (time.perf_counter() - started) * 1000


def fresh_radius(path: str, round_number: int) -> str:
    """Fills a path's {radius} with one of its own per round (25.001, 25.002, …): a query not asked before."""
    return path.format(radius=f"{25 + round_number / 1000:.3f}") if "{radius}" in path else path


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def scenarios(count: int) -> list[tuple[str, str, str, dict | None]]:
    """(group, label, path, body) of every timed request."""
    origins = [(f"{'dense' if origin in DENSE else 'sparse'} {origin}", origin) for origin in DENSE + SPARSE]
    items = []
    for group, path in [
        ("JSON search", "/api/clinics/?near={origin}"),
        # A radius never asked before in this run: the search's count is not in the cache (directory.search.counts).
        (UNCACHED, "/api/clinics/?near={origin}&radius={{radius}}"),
        ("search page", "/clinics/?near={origin}"),
    ]:
        items += [(group, label, path.format(origin=origin), None) for label, origin in origins]
    for label, origin in origins:
        body = {"answers": SUITABLE_ANSWERS, "near": origin, "radius": 25}
        items.append(("pre-screen + routing", label, "/api/prescreen/", body))
    for number in sorted({1, max(1, count // 3), max(1, count // 2), count}):
        items.append(("clinic page", f"syn-{SEED}-{number:07d}", f"/clinics/syn-{SEED}-{number:07d}/", None))
    return items


def measure(target: Target, *, repeats: int, naive_runs: int) -> dict:
    items = scenarios(target.count)
    timings: dict[str, list[float]] = {}
    per_label: dict[tuple[str, str], list[float]] = {}
    with Server(target) as server:
        for _group, _label, path, body in items:  # warm caches and the ZIP index first
            timed_request(server.base, fresh_radius(path, 0), body)
        for round_number in range(1, repeats + 1):
            for group, label, path, body in items:
                ms = timed_request(server.base, fresh_radius(path, round_number), body)
                timings.setdefault(group, []).append(ms)
                per_label.setdefault((group, label), []).append(ms)
        peak_mb = server.worker_peak_rss_mb()
        load = os.getloadavg()[0]
    requests = [
        [group, fresh_radius(path, repeats + 1), json.dumps(body) if body is not None else None]
        for group, _, path, body in items
    ]
    inproc = json.loads(
        run(
            target,
            "benchmarks/inprocess.py",
            "--naive-runs",
            str(naive_runs),
            "--requests-json",
            json.dumps(requests),
            capture=True,
        )
        .strip()
        .splitlines()[-1]
    )
    return {"timings": timings, "per_label": per_label, "peak_mb": peak_mb, "load": load, **inproc}


def headline(result: dict) -> tuple[dict[str, float], float]:
    """p95 of every request group, and the speed-up of the JSON search over the naive scan."""
    p95 = {group: percentile(values, 95) for group, values in result["timings"].items()}
    naive = result["naive_seconds"]
    return p95, (naive * 1000 / p95["JSON search"] if naive else float("nan"))


def summary_row(target: Target, result: dict) -> str:
    p95, speedup = headline(result)
    naive = result["naive_seconds"]
    q = result["queries"]
    return (
        f"| {target.vendor} | {target.count:,} | {p95['JSON search']:.1f} | {p95[UNCACHED]:.1f} "
        f"| {p95['search page']:.1f} | {p95['pre-screen + routing']:.1f} | {p95['clinic page']:.1f} "
        f"| {naive:.2f} s | {speedup:,.0f}× "
        f"| {q['JSON search']} / {q['search page']} / {q['pre-screen + routing']} / {q['clinic page']} "
        f"| {result['peak_mb']:.0f} MB | {result['load']:.1f} |"
    )


SUMMARY_HEAD = (
    "| database | clinics | JSON search p95 (ms) | JSON search, new query p95 (ms) | search page p95 (ms) "
    "| pre-screen + routing p95 (ms) "
    "| clinic page p95 (ms) | naive scan | speed-up (naive ÷ JSON p95) "
    "| SQL queries (JSON / page / pre-screen / clinic) | peak RSS | load avg |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|"
)


# Issue 5's targets, ms of p95 (JSON search, search page, pre-screen + routing), least speed-up, most peak RSS (MB).
TARGETS = {
    ("SQLite", 100_000): (40, 80, 60, 200, None),
    ("SQLite", 1_000_000): (100, 150, 120, 500, 300),
    ("PostgreSQL", 1_000_000): (100, 150, 120, 500, 300),
}
VERDICT_HEAD = (
    "| at | JSON search p95 | search page p95 | pre-screen + routing p95 | vs naive scan | peak RSS |\n"
    "|---|---|---|---|---|---|"
)


def verdict_row(target: Target, result: dict) -> str | None:
    """This row against issue 5's targets, or None where the issue sets none."""
    goal = TARGETS.get((target.vendor, target.count))
    if goal is None:
        return None
    json_ms, page_ms, prescreen_ms, least_speedup, most_mb = goal
    p95, speedup = headline(result)

    def cell(value: float, limit: float | None, unit: str, *, at_least: bool = False) -> str:
        if limit is None:
            return f"{value:,.0f} {unit} (no target)"
        ok = value >= limit if at_least else value <= limit
        sign = "≥" if at_least else "≤"
        shown = f"{value:,.0f}×" if unit == "×" else f"{value:,.1f} {unit}"
        return f"{shown} {sign} {limit:,} {'✓' if ok else '✗ MISSED'}"

    cells = [
        cell(p95["JSON search"], json_ms, "ms"),
        cell(p95["search page"], page_ms, "ms"),
        cell(p95["pre-screen + routing"], prescreen_ms, "ms"),
        cell(speedup, least_speedup, "×", at_least=True),
        cell(result["peak_mb"], most_mb, "MB"),
    ]
    return f"| {target.count:,} clinics, {target.vendor} | " + " | ".join(cells) + " |"


def detail_table(target: Target, result: dict) -> str:
    lines = [
        f"\n{target.vendor}, {target.count:,} clinics: p50 / p95 per origin (ms)\n",
        "| request | origin | p50 | p95 |",
        "|---|---|---|---|",
    ]
    for (group, label), values in result["per_label"].items():
        lines.append(f"| {group} | {label} | {statistics.median(values):.1f} | {percentile(values, 95):.1f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--count", default="10000,100000", help="comma-separated clinic counts, e.g. 10000,100000,1000000"
    )
    parser.add_argument("--reuse", action="store_true", help="keep a database that already holds N clinics")
    parser.add_argument("--repeats", type=int, default=20, help="timed rounds over every request (default 20)")
    parser.add_argument("--naive-runs", type=int, default=None, help="naive scans to time (default 3, 1 at ≥ 1M)")
    parser.add_argument("--output", type=Path, help="also write the markdown table to this file")
    args = parser.parse_args()
    counts = [int(c.replace("_", "")) for c in args.count.split(",") if c.strip()]
    if not all(1 <= c <= 5_000_000 for c in counts) or not 1 <= args.repeats <= 1000:
        parser.error("counts must be 1 to 5,000,000 and --repeats 1 to 1000")

    rows, verdicts, details, notes = [], [], [], []
    for count in counts:
        target = database_for(count, os.environ.get("DATABASE_URL"))
        print(f"== {target.vendor}, {count:,} clinics", flush=True)
        generated = build(target, reuse=args.reuse)
        if generated is not None:
            notes.append(f"generate_clinics --count {count:,}: {generated:.0f} s ({target.vendor})")
        naive_runs = args.naive_runs if args.naive_runs is not None else (1 if count >= 1_000_000 else 3)
        result = measure(target, repeats=args.repeats, naive_runs=naive_runs)
        rows.append(summary_row(target, result))
        verdict = verdict_row(target, result)
        if verdict:
            verdicts.append(verdict)
        details.append(detail_table(target, result))
        print(SUMMARY_HEAD + "\n" + rows[-1], flush=True)

    stamp = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    header = (
        f"Measured {stamp} on {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
        f"{args.repeats} rounds after one warm-up, one sequential client, gunicorn with one sync worker; "
        "load avg is the machine's 1-minute load at the end of the HTTP timings (2 CPUs; the benchmark itself "
        "keeps about one busy, so above 2 means other work competed); "
        "6 origins per search row (dense 10001, 90012, 30303; sparse 59001, 99701, 82001), radius 25 miles."
    )
    against = ["", "Against the targets of issue 5:", "", VERDICT_HEAD, *verdicts] if verdicts else []
    table = "\n".join([header, "", SUMMARY_HEAD, *rows, *against, *details, "", *(f"- {n}" for n in notes)])
    print("\n" + table)
    if args.output:
        args.output.write_text(table + "\n")


if __name__ == "__main__":
    main()
