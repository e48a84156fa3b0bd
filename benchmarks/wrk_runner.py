"""wrk against a gunicorn of benchmarks/serving.py, one run at a time, with each run's CPU counted.

Used by throughput_benchmark.py. A run GETs the lines of a file of paths (benchmarks/wrk_paths.lua,
one wrk thread) and records wrk's latency percentiles, the answers that were not a 200, and the
CPU-seconds per second used by wrk (the client), gunicorn, PostgreSQL's backends of the workers
and the rest of the machine.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
from dataclasses import dataclass
from pathlib import Path

from query_mix import Shape
from serving import Server, Target, cpu_seconds

LUA = Path(__file__).with_name("wrk_paths.lua")
MOST_PER_SECOND = 600  # more requests a second than 2 CPUs serve: a file of new queries does not run out


@dataclass
class Run:
    label: str
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    not_ok: int  # answers other than 200; `last_status` is one of them
    last_status: int
    errors: int  # connect, read, write errors and timeouts
    wrapped: int  # times the file of queries was started again
    cpu: dict[str, float]  # CPU-seconds per second of the run, by who used them

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def failed(self) -> bool:
        return bool(self.not_ok or self.errors)

    def cell(self, value: float, *, fresh: bool) -> str:
        marks = ("✗" if self.failed else "") + ("*" if fresh and self.wrapped else "")
        return f"{value:.1f}{marks}"


def machine_cpu_seconds() -> float:
    """CPU time every CPU of the machine has been busy (not idle, not waiting for I/O)."""
    ticks = [int(n) for n in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return (sum(ticks[:8]) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")  # user … steal, less idle, iowait


def client_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # only children that ended: wrk, not gunicorn
    return usage.ru_utime + usage.ru_stime


def database_pids(target: Target) -> list[int]:
    """PostgreSQL's backends of this database (the workers' persistent connections); none on SQLite."""
    if target.vendor != "PostgreSQL":
        return []
    import psycopg

    with psycopg.connect(target.url) as conn:
        sql = "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        return [row[0] for row in conn.execute(sql)]


class Bench:
    """wrk against one server, one run at a time, with each run's CPU counted."""

    def __init__(self, server: Server, workdir: Path, database: list[int]):
        self.server, self.workdir, self.database = server, workdir, database
        self.runs: list[Run] = []

    def usage(self) -> dict[str, float]:
        return {
            "wrk": client_cpu_seconds(),
            "gunicorn": self.server.cpu_seconds(),
            "database": sum(cpu_seconds(pid) for pid in self.database),
            "machine": machine_cpu_seconds(),
        }

    def wrk(self, label: str, paths: list[str], *, connections: int, seconds: float) -> Run:
        listing = self.workdir / f"{len(self.runs):03d}.txt"
        listing.write_text("\n".join(paths) + "\n")
        command = ["wrk", "-t", "1", "-c", str(connections), "-d", f"{seconds:g}s", "--timeout", "30s"]
        command += ["-s", str(LUA), self.server.base, "--", str(listing), "1"]
        before = self.usage()
        out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        after = self.usage()
        line = next((x for x in out.splitlines() if x.startswith("wrk-result ")), None)
        if line is None:
            raise SystemExit(f"wrk printed no result for {label}:\n{out}")
        got = json.loads(line.removeprefix("wrk-result "))
        wall = got["duration_us"] / 1e6
        used = {who: (after[who] - before[who]) / wall for who in before}
        used["rest of the machine"] = max(0.0, used.pop("machine") - sum(used.values()))
        run = Run(
            label=label,
            requests=got["requests"],
            seconds=wall,
            p50_ms=got["p50_us"] / 1000,
            p95_ms=got["p95_us"] / 1000,
            p99_ms=got["p99_us"] / 1000,
            not_ok=got["not_ok"],
            last_status=got["last_status"],
            errors=sum(got[kind] for kind in ("connect", "read", "write", "timeout")),
            wrapped=got["wrapped"],
            cpu=used,
        )
        self.runs.append(run)
        mark = f" ✗ {run.not_ok} not 200 (e.g. {run.last_status}), {run.errors} errors" if run.failed else ""
        print(f"  {label}: {run.per_second:.0f}/s, p95 {run.p95_ms:.1f} ms{mark}", flush=True)
        return run

    def fresh(self, label: str, shape: Shape, surface, *, connections: int, seconds: float) -> Run:
        """A run of queries never asked before; the ones wrk did not get to are given back to the shape."""
        queries = shape.take_fresh(int(seconds * MOST_PER_SECOND))
        run = self.wrk(label, [surface(q) for q in queries], connections=connections, seconds=seconds)
        # One thread sends the file's lines in order; it may have begun `connections` more, and reads one ahead.
        shape.give_back(queries[run.requests + run.errors + 2 * connections + 1 :])
        return run
