"""Timing of GET /api/places/ in-process: p50/p95 per query kind, against issue 12's 5 ms p95 target.

    DJANGO_DEBUG=1 .venv/bin/python benchmarks/places_benchmark.py [--rounds 200]

The index is built once first (as config/wsgi.py does when a worker starts); then each query
goes through Django's test client (URL routing, middleware, view, JSON), so the figure is
what a request costs inside the web process, without the network. Wall-clock times include
waiting for a CPU when the machine is busy (see the load average printed); the CPU columns
(time.thread_time) are the request's own work and hardly move with the load.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("RATELIMIT_ENABLED", "0")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402

from directory.gazetteer import gazetteer  # noqa: E402
from directory.place_candidates import place_candidates  # noqa: E402

TARGET_P95_MS = 5.0
QUERIES = {
    "one letter": ["a", "s", "m", "b", "c"],
    "city prefix": ["los ang", "san fr", "spring", "st lo", "new y", "port", "lake", "saint"],
    "city, state": ["Los Angeles, CA", "springfield, m", "los angeles, cal", "Atlanta, GA", "Kansas City, Missouri"],
    "nickname": ["NYC", "LA", "Philly"],
    "zip": ["9001", "30303", "90012-3301", "100"],
    "lat,lng": ["34.05,-118.24", "0,0"],
    "nothing": ["zzzzqx", "qwerty uiop"],
}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=200, help="requests per query (default 200)")
    args = parser.parse_args()
    started = time.perf_counter()
    gazetteer()
    print(f"index built in {time.perf_counter() - started:.2f} s ({len(gazetteer().places):,} places)")
    client = Client()
    every: list[float] = []
    every_cpu: list[float] = []
    print(f"{'kind':<14}{'requests':>10}{'p50 ms':>10}{'p95 ms':>10}{'CPU p50':>10}{'CPU p95':>10}")
    for kind, queries in QUERIES.items():
        timings, cpu = [], []
        for query in queries:
            client.get("/api/places/", {"q": query})  # warm
            for _ in range(args.rounds):
                start, start_cpu = time.perf_counter(), time.thread_time()
                response = client.get("/api/places/", {"q": query})
                timings.append((time.perf_counter() - start) * 1000)
                cpu.append((time.thread_time() - start_cpu) * 1000)
                assert response.status_code == 200, (query, response.status_code)
        every.extend(timings)
        every_cpu.extend(cpu)
        print(
            f"{kind:<14}{len(timings):>10}{statistics.median(timings):>10.3f}{percentile(timings, 0.95):>10.3f}"
            f"{statistics.median(cpu):>10.3f}{percentile(cpu, 0.95):>10.3f}"
        )
    alone = []
    for query in [q for queries in QUERIES.values() for q in queries]:
        for _ in range(args.rounds):
            start = time.perf_counter()
            place_candidates(query, 8)
            alone.append((time.perf_counter() - start) * 1000)
    print(f"{'(lookup only)':<14}{len(alone):>10}{statistics.median(alone):>10.3f}{percentile(alone, 0.95):>10.3f}")
    p95 = percentile(every, 0.95)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(
        f"{'all':<14}{len(every):>10}{statistics.median(every):>10.3f}{p95:>10.3f}"
        f"{statistics.median(every_cpu):>10.3f}{percentile(every_cpu, 0.95):>10.3f}"
    )
    verdict = "met" if p95 < TARGET_P95_MS else "MISSED"
    cpu_p95 = percentile(every_cpu, 0.95)
    print(f"target: p95 < {TARGET_P95_MS} ms in-process -> wall {p95:.3f} ms, {verdict}; CPU {cpu_p95:.3f} ms")
    return 0 if p95 < TARGET_P95_MS else 1


if __name__ == "__main__":
    sys.exit(main())
