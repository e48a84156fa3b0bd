"""In-process measurements for search_benchmark.py: the naive scan and SQL queries per request.

Run by search_benchmark.py in a subprocess with DATABASE_URL set; prints one JSON
object. Not meant to be run by hand, but harmless: it only reads.

    python benchmarks/inprocess.py --naive-runs 3 --requests-json '[["api", "/api/clinics/?near=10001"]]'
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from directory import geo  # noqa: E402
from directory.models import Clinic  # noqa: E402


def naive_nearest(*, origin: str, miles: float = 25.0, limit: int = 20) -> list[tuple[float, int]]:
    """What a first version would do: every published clinic, geodesic distance in Python, sort."""
    point = geo.resolve_place(origin).point
    found = []
    for clinic in Clinic.objects.published().select_related("city").iterator(chunk_size=5000):
        miles_away = geo.distance_miles(point, clinic.point)
        if miles_away <= miles:
            found.append((miles_away, clinic.pk))
    found.sort()
    return found[:limit]


def time_naive(*, origin: str, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        naive_nearest(origin=origin)
        times.append(time.perf_counter() - started)
    return times


def count_queries(requests: list[tuple[str, str, str | None]]) -> dict[str, int]:
    """SQL queries of each (name, path, json body or None) request, through the real views."""
    client = Client()
    counts: dict[str, int] = {}
    for name, path, body in requests:
        with CaptureQueriesContext(connection) as captured:
            if body is None:
                response = client.get(path)
            else:
                response = client.post(path, data=body, content_type="application/json")
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}: {response.content[:300]!r}")
        counts[name] = max(counts.get(name, 0), len(captured))
    return counts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--naive-origin", default="10001")
    parser.add_argument("--naive-runs", type=int, default=1)
    parser.add_argument("--requests-json", default="[]", help="JSON list of [name, path, body-or-null]")
    args = parser.parse_args()
    counts = count_queries([tuple(r) for r in json.loads(args.requests_json)])
    times = time_naive(origin=args.naive_origin, runs=args.naive_runs) if args.naive_runs else []
    print(json.dumps({"queries": counts, "naive_seconds": statistics.median(times) if times else None}))


if __name__ == "__main__":
    main()
