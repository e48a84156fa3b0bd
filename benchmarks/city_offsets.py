"""How far city points were (mean of ZIP centroids) and are (gazetteer) from the real city centre.

    DJANGO_DEBUG=1 .venv/bin/python benchmarks/city_offsets.py [--min-population 100000]

Before: the old method, the mean of the `zipcodes` centroids of every active ZIP named after the
city (records at (0, 0) included, as the old code did), measured against the gazetteer's point
for every GeoNames place of at least --min-population people that ZIPs are named after.
After: what `resolve_place("City, ST")` answers now, measured against the gazetteer point and
against the independently written reference coordinates in tests/directory/reference_cities.py.
Prints the 10 worst of each, in miles.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

import zipcodes  # noqa: E402

from directory import geo  # noqa: E402
from directory.gazetteer import read_places  # noqa: E402
from directory.place_text import name_key  # noqa: E402
from tests.directory.reference_cities import REFERENCE_CITIES  # noqa: E402


def old_city_points() -> dict[tuple[str, str], geo.Point]:
    """The removed directory.geo.city_index(): mean of the city's active ZIP centroids."""
    groups: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for row in zipcodes.list_all():
        try:
            point = (float(row["lat"]), float(row["long"]))
        except (TypeError, ValueError):
            continue
        if row.get("active", True):
            groups[(name_key(row["city"]), row["state"])].append(point)
    return {
        key: geo.Point(sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
        for key, points in groups.items()
    }


def show(title: str, rows: list[tuple[float, str]]) -> None:
    print(title)
    for miles, label in sorted(rows, reverse=True)[:10]:
        print(f"  {miles:8.1f}  {label}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--min-population", type=int, default=100_000)
    args = parser.parse_args()
    old = old_city_points()
    largest: dict[tuple[str, str], object] = {}
    for place in read_places():
        key = (place.key, place.state)
        if place.rank >= args.min_population and (key not in largest or place.rank > largest[key].rank):
            largest[key] = place
    before = [(geo.distance_miles(old[key], place.point), place.label) for key, place in largest.items() if key in old]
    show(f"BEFORE (mean of ZIPs vs gazetteer), {len(before)} cities of {args.min_population:,}+ people:", before)
    print(f"  cities more than 8 miles off: {sum(m > 8 for m, _ in before)}")
    after = [(geo.distance_miles(geo.resolve_place(p.label).point, p.point), p.label) for p in largest.values()]
    print(f"AFTER (resolve_place vs gazetteer): at most {max(after)[0]:.2f} miles over {len(after)} cities")
    reference = [
        (geo.distance_miles(geo.resolve_place(typed).point, geo.Point(lat, lng)), typed)
        for typed, lat, lng in REFERENCE_CITIES
    ]
    show(f"AFTER (resolve_place vs independent reference coordinates), {len(reference)} cities:", reference)
    old_reference = [
        (geo.distance_miles(old[(name_key(t.rsplit(", ", 1)[0]), t.rsplit(", ", 1)[1])], geo.Point(la, lo)), t)
        for t, la, lo in REFERENCE_CITIES
        if (name_key(t.rsplit(", ", 1)[0]), t.rsplit(", ", 1)[1]) in old
    ]
    show(f"BEFORE (mean of ZIPs vs the same reference coordinates), {len(old_reference)} cities:", old_reference)


if __name__ == "__main__":
    main()
