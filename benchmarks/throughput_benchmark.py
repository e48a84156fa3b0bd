"""Throughput benchmark: ten query shapes under wrk, p95 per shape and requests/s, with every CPU counted.

    .venv/bin/python benchmarks/throughput_benchmark.py --count 10000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python benchmarks/throughput_benchmark.py --count 100000,1000000 --reuse

For each count it
1. builds (or with `--reuse` keeps) the database of benchmarks/serving.py: N synthetic clinics,
   `benchmarks/out/bench-<N>.sqlite3` or `bench_<N>` on the PostgreSQL server of DATABASE_URL
   (`bench_x_<N>` when the URL names a database `x` other than `postgres`);
2. serves it with gunicorn, production settings (debug off), rate limits off, persistent
   database connections, `--workers` (2) workers of `--worker-class` (sync);
3. for each of the ten shapes of benchmarks/query_mix.py (near a dense ZIP, a sparse ZIP,
   `City, ST`; a city; a keyword alone and with near; the unfiltered list; a deep page by name;
   radius 500; four filters with near), in its JSON form (`/api/clinics/?…`) and its page form
   (`/clinics/?…`, `/cities/<slug>/`), runs wrk (one thread, `--connections` (2) connections,
   `--duration` (5) seconds) twice: once over the shape's three repeated queries, asked once each
   just before the run so their answers may be cached (cached answers last a minute), and once
   over queries never asked before
   (benchmarks/wrk_paths.lua sends each line of a file once); p95 per run is wrk's;
4. runs the mixes (the repeated queries asked once just before): every JSON shape in turn, half
   repeated and half new, with
   `--mix-connections` (8) connections for `--mix-duration` (10) seconds, then the pages: the
   requests per second are the throughput;
5. counts CPU time for every run: wrk's (the client, from getrusage of this process's children),
   gunicorn's master and workers' (/proc/<pid>/stat), PostgreSQL's backends serving the workers,
   and the rest of the machine (/proc/stat), each as CPU-seconds per second of the run: the
   machine has 2 CPUs, so wrk's share is what the site did not get;
6. prints a Markdown table (shape | JSON p95 repeated / new | page p95 repeated / new), the
   throughput, the CPU, a table of every run, and at 100k and 1M the targets of issue 14;
   `--output FILE` also writes it there.

Every response must be a 200: a run with any other status, a socket error or a timeout (30 s)
is marked ✗ and the script exits 1. A run of new queries that ran out of them and sent some
again is marked *. The site's cache is the Redis production uses (README: CACHE_URL), database 14
of the local Redis by default (`--cache-url`), emptied before each count so that no answer of an
earlier run is found; with `--cache-url local` each worker has its own memory, and a repeated
query is computed once in each worker.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import shutil
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from query_mix import Query, Shape, json_path, page_path, shapes
from serving import Server, Target, build, database_for, shell_output
from wrk_runner import MOST_PER_SECOND, Bench, Run, database_pids

# Issue 14's targets: every shape's JSON p95 and page p95 (ms), JSON and page requests/s with 2 workers.
TARGETS = {100_000: (40, 80, 250, 120), 1_000_000: (60, 100, 200, 100)}
FACTS = (
    "import json; from django.db.models import Count, Q; from directory.models import City, Clinic; "
    "cities = City.objects.annotate(n=Count('clinics', filter=Q(clinics__published=True))).filter(n__gt=0)"
    ".order_by('-n', 'slug').values_list('slug', 'n')[:200]; "
    "print(json.dumps({'published': Clinic.objects.published().count(), 'cities': list(cities)}))"
)


def check_repeated(base: str, mix: list[Shape]) -> list[str]:
    """Ask every repeated query once (so it may be cached), and say which did not answer 200."""
    problems = []
    for shape in mix:
        for path in [surface(q) for q in shape.repeated for surface in (json_path, page_path)]:
            try:
                with urllib.request.urlopen(base + path, timeout=120) as response:
                    response.read()
            except urllib.error.HTTPError as error:
                problems.append(f"{path}: HTTP {error.code}")
    return problems


def ask(base: str, paths: list[str]) -> None:
    """Ask each path once, just before a run that repeats them: cached answers last a minute (ANSWER_SECONDS)."""
    for path in paths:
        with contextlib.suppress(urllib.error.HTTPError):  # check_repeated reports any answer but 200
            urllib.request.urlopen(base + path, timeout=120).read()


def mixed(mix: list[Shape], surface, count: int) -> list[str]:
    """`count` paths: the shapes in turn, one round repeated and the next new."""
    fresh: dict[str, list[Query]] = {shape.name: shape.take_fresh(count // (2 * len(mix)) + 1) for shape in mix}
    paths = []
    for position in range(count):
        shape, rounds = mix[position % len(mix)], position // len(mix)
        if rounds % 2 == 0 or not fresh[shape.name]:
            paths.append(surface(shape.repeated[(rounds // 2) % len(shape.repeated)]))
        else:
            paths.append(surface(fresh[shape.name].pop(0)))
    return paths


def measure(target: Target, args: argparse.Namespace) -> tuple[list[Shape], Bench, dict]:
    printed = shell_output(target, FACTS)
    if printed is None:
        raise SystemExit(f"Could not count the clinics and cities of {target.url}.")
    facts = json.loads(printed)
    mix = shapes(facts["published"], [tuple(city) for city in facts["cities"]])
    server_options = {"workers": args.workers, "worker_class": args.worker_class, "threads": args.threads}
    with Server(target, **server_options) as server, tempfile.TemporaryDirectory() as workdir:
        problems = check_repeated(server.base, mix)
        bench = Bench(server, Path(workdir), database_pids(target))
        load_before = os.getloadavg()[0]
        everything = [surface(q) for shape in mix for q in shape.repeated for surface in (json_path, page_path)]
        bench.wrk("warm-up", everything, connections=args.mix_connections, seconds=3)
        bench.database = database_pids(target)  # every worker has connected by now
        for shape in mix:
            for surface, kind in ((json_path, "JSON"), (page_path, "page")):
                repeated = [surface(q) for q in shape.repeated]
                timing = {"connections": args.connections, "seconds": args.duration}
                ask(server.base, repeated)  # "repeated": asked within the answers' minute in the cache
                bench.wrk(f"{shape.name}, {kind}, repeated", repeated, **timing)
                bench.fresh(f"{shape.name}, {kind}, new", shape, surface, **timing)
        for surface, kind in ((json_path, "JSON"), (page_path, "page")):
            paths = mixed(mix, surface, int(args.mix_duration * MOST_PER_SECOND))
            ask(server.base, [surface(q) for shape in mix for q in shape.repeated])
            bench.wrk(f"{kind} mix", paths, connections=args.mix_connections, seconds=args.mix_duration)
        load_after = os.getloadavg()[0]
    return mix, bench, {"problems": problems, "load": (load_before, load_after), "published": facts["published"]}


def shape_table(mix: list[Shape], bench: Bench) -> list[str]:
    by_label = {run.label: run for run in bench.runs}
    lines = ["| shape | JSON p95 (ms), repeated / new | page p95 (ms), repeated / new |", "|---|---|---|"]
    for shape in mix:
        cells = []
        for kind in ("JSON", "page"):
            again, new = by_label[f"{shape.name}, {kind}, repeated"], by_label[f"{shape.name}, {kind}, new"]
            cells.append(f"{again.cell(again.p95_ms, fresh=False)} / {new.cell(new.p95_ms, fresh=True)}")
        lines.append(f"| {shape.name} | {cells[0]} | {cells[1]} |")
    worst = [f"{worst_p95(bench, kind):.1f}" for kind in ("JSON", "page")]
    lines.append(f"| **every shape (worst)** | **{worst[0]}** | **{worst[1]}** |")
    return lines


def worst_p95(bench: Bench, kind: str) -> float:
    return max(run.p95_ms for run in bench.runs if f", {kind}, " in run.label)


def mix_run(bench: Bench, kind: str) -> Run:
    return next(run for run in bench.runs if run.label == f"{kind} mix")


def per_server_cpu(run: Run) -> float:
    """Requests served per CPU-second of gunicorn (and PostgreSQL's backends, which do its queries)."""
    return run.per_second / max(1e-9, run.cpu["gunicorn"] + run.cpu["database"])


def cpu_text(run: Run) -> str:
    return ", ".join(f"{who} {used:.2f}" for who, used in run.cpu.items())


def runs_table(bench: Bench) -> list[str]:
    lines = [
        "| run | requests | requests/s | p50 (ms) | p95 (ms) | p99 (ms) "
        "| CPU-s per s: wrk / gunicorn / database / rest |",
        "|---|---|---|---|---|---|---|",
    ]
    for run in bench.runs:
        cpu = " / ".join(f"{used:.2f}" for used in run.cpu.values())
        status = f" ✗ {run.not_ok} not 200 (e.g. {run.last_status}), {run.errors} errors" if run.failed else ""
        wrapped = f" (* new queries ran out {run.wrapped}×)" if run.wrapped and ", new" in run.label else ""
        lines.append(
            f"| {run.label}{status}{wrapped} | {run.requests:,} | {run.per_second:.0f} | {run.p50_ms:.1f} "
            f"| {run.p95_ms:.1f} | {run.p99_ms:.1f} | {cpu} |"
        )
    return lines


def verdict(count: int, bench: Bench) -> list[str]:
    """This count against issue 14's targets, where it sets them."""
    if count not in TARGETS:
        return []
    json_ms, page_ms, json_rate, page_rate = TARGETS[count]
    checks = [
        ("every shape, JSON p95", worst_p95(bench, "JSON"), json_ms, "ms", False),
        ("every shape, page p95", worst_p95(bench, "page"), page_ms, "ms", False),
        ("JSON throughput", mix_run(bench, "JSON").per_second, json_rate, "requests/s", True),
        ("page throughput", mix_run(bench, "page").per_second, page_rate, "requests/s", True),
    ]
    cells = []
    for name, value, limit, unit, at_least in checks:
        ok = value >= limit if at_least else value <= limit
        cells.append(f"{name} {value:.1f} {unit} {'≥' if at_least else '≤'} {limit} {'✓' if ok else '✗'}")
    return ["", f"Against issue 14 at {count:,} clinics: " + "; ".join(cells) + "."]


def section(target: Target, args: argparse.Namespace, mix: list[Shape], bench: Bench, facts: dict) -> str:
    json_mix, page_mix = mix_run(bench, "JSON"), mix_run(bench, "page")
    before, after = facts["load"]
    lines = [
        f"### {target.vendor}, {target.count:,} clinics ({facts['published']:,} published)",
        "",
        *shape_table(mix, bench),
        "",
        f"Throughput, {args.workers} {args.worker_class} workers, {args.mix_connections} connections, the ten "
        f"shapes in turn, half repeated and half new: JSON {json_mix.per_second:.0f} requests/s "
        f"(p95 {json_mix.p95_ms:.1f} ms), pages {page_mix.per_second:.0f} requests/s (p95 {page_mix.p95_ms:.1f} ms). "
        f"Per CPU-second of gunicorn and the database: JSON {per_server_cpu(json_mix):.0f}, "
        f"pages {per_server_cpu(page_mix):.0f} requests (less swayed than requests/s by what else the machine runs).",
        "",
        f"CPU-seconds per second ({os.cpu_count()} CPUs): JSON mix: {cpu_text(json_mix)}; "
        f"page mix: {cpu_text(page_mix)}; wrk at most {max(run.cpu['wrk'] for run in bench.runs):.2f} in any run. "
        f"Load average (1 min) before / after the runs: {before:.2f} / {after:.2f}.",
        *verdict(target.count, bench),
        *([""] + [f"- ✗ {p}" for p in facts["problems"]] if facts["problems"] else []),
        "",
        "Every run:",
        "",
        *runs_table(bench),
    ]
    return "\n".join(lines)


def header(args: argparse.Namespace) -> str:
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    cache = f"Redis ({args.cache_url})" if args.cache_url != "local" else "local memory per worker"
    threads = f", {args.threads} threads each" if args.worker_class == "gthread" else ""
    return (
        f"Measured {stamp} on {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
        f"gunicorn with {args.workers} {args.worker_class} workers{threads}, production settings, rate limits off; "
        f"cache: {cache}. wrk with 1 thread: per shape {args.connections} connections for {args.duration:g} s, "
        f"repeated (3 queries asked before) and new (each query asked once); the mixes {args.mix_connections} "
        f"connections for {args.mix_duration:g} s. ✗: an answer other than 200 or a socket error; "
        "*: the run sent some new queries twice."
    )


DEFAULT_CACHE_URL = "redis://127.0.0.1:6379/14"


def use_cache(target, cache_url: str) -> None:
    """Serve with `cache_url` as CACHE_URL, emptied first: answers kept from an earlier run would not be new."""
    if cache_url == "local":
        target.env.pop("CACHE_URL", None)
        return
    import redis

    redis.Redis.from_url(cache_url).flushdb()
    target.env["CACHE_URL"] = cache_url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", default="10000", help="comma-separated clinic counts, e.g. 100000,1000000")
    parser.add_argument("--reuse", action="store_true", help="keep a database that already holds N clinics")
    parser.add_argument("--duration", type=float, default=5, help="seconds of each per-shape run (default 5)")
    parser.add_argument("--connections", type=int, default=2, help="connections of a per-shape run (default 2)")
    parser.add_argument("--mix-duration", type=float, default=10, help="seconds of each mix (default 10)")
    parser.add_argument("--mix-connections", type=int, default=8, help="connections of the mixes (default 8)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--worker-class", choices=["sync", "gthread"], default="sync", help="(default sync)")
    parser.add_argument("--threads", type=int, default=1, help="threads per gthread worker (default 1)")
    parser.add_argument("--output", type=Path, help="also write the markdown tables to this file")
    parser.add_argument(
        "--cache-url",
        default=DEFAULT_CACHE_URL,
        help=f"the site's CACHE_URL, as in production (default {DEFAULT_CACHE_URL}, emptied before each count); "
        "'local' for each worker's own memory",
    )
    args = parser.parse_args()
    counts = [int(c.replace("_", "")) for c in args.count.split(",") if c.strip()]
    if not all(1 <= c <= 5_000_000 for c in counts) or not (1 <= args.duration <= 600 and 1 <= args.mix_duration):
        parser.error("counts must be 1 to 5,000,000 and durations 1 to 600 s")
    if min(args.connections, args.mix_connections, args.workers, args.threads) < 1:
        parser.error("connections, workers and threads must be at least 1")

    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (Debian and Ubuntu: apt install wrk).")
    sections, failed = [], False
    for count in counts:
        target = database_for(count, os.environ.get("DATABASE_URL"))
        print(f"== {target.vendor}, {count:,} clinics", flush=True)
        build(target, reuse=args.reuse)
        use_cache(target, args.cache_url)
        mix, bench, facts = measure(target, args)
        sections.append(section(target, args, mix, bench, facts))
        failed = failed or bool(facts["problems"]) or any(run.failed for run in bench.runs)
    report = "\n\n".join([header(args), *sections])
    print("\n" + report)
    if args.output:
        args.output.write_text(report + "\n")
    if failed:
        raise SystemExit("Some requests did not answer 200 (✗ above).")


if __name__ == "__main__":
    main()
