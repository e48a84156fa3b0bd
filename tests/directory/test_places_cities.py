"""Large US cities resolve to their real centre: the gazetteer's point, and an independent reference."""

from __future__ import annotations

import csv

import pytest

from directory import geo
from directory.gazetteer import DATA_FILE
from directory.place_text import name_key
from tests.directory.reference_cities import REFERENCE_CITIES

MAX_OFFSET_MILES = 8.0


def gazetteer_rows() -> dict[tuple[str, str], geo.Point]:
    """The largest place of each (name, state) in the data file, read here without the app's code."""
    best: dict[tuple[str, str], tuple[int, geo.Point]] = {}
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            key = (name_key(row["name"]), row["state"])
            population = int(row["population"])
            if key not in best or population > best[key][0]:
                best[key] = (population, geo.Point(float(row["latitude"]), float(row["longitude"])))
    return {key: point for key, (_, point) in best.items()}


ROWS = gazetteer_rows()


def test_the_table_is_big_enough():
    assert len(REFERENCE_CITIES) >= 50


@pytest.mark.parametrize("typed, latitude, longitude", REFERENCE_CITIES, ids=[c[0] for c in REFERENCE_CITIES])
def test_large_city_resolves_within_8_miles_of_its_centre(typed, latitude, longitude):
    place = geo.resolve_place(typed)
    name, state = typed.rsplit(", ", 1)
    assert place.kind == "city"
    assert place.state == state
    assert place.population and place.population > 100_000
    gazetteer_point = ROWS[(name_key(name), state)]
    assert geo.distance_miles(place.point, gazetteer_point) <= MAX_OFFSET_MILES
    assert geo.distance_miles(place.point, geo.Point(latitude, longitude)) <= MAX_OFFSET_MILES


@pytest.mark.parametrize("typed", ["Indianapolis, IN", "Birmingham, AL", "Des Moines, IA", "Stockton, CA"])
def test_cities_the_old_zip_average_put_far_away_are_now_at_their_centre(typed):
    # Their ZIP lists hold a PO-box ZIP at (0, 0): the mean of ZIPs was 87 to 359 miles off.
    reference = {c[0]: geo.Point(c[1], c[2]) for c in REFERENCE_CITIES}[typed]
    assert geo.distance_miles(geo.resolve_place(typed).point, reference) < 3
