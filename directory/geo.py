"""Offline geography: places to points, distances, bounding boxes, local times.

Every lookup here works without the network. Places and ZIP centroids come from
the gazetteer (directory/gazetteer.py), read from text by directory/places.py.
Distances are geopy's geodesic (WGS-84) in miles.
"""

from __future__ import annotations

import datetime
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

from geographiclib.geodesic import Geodesic
from geopy.distance import ELLIPSOIDS

MILES_PER_DEGREE_LATITUDE = 69.05  # mean; varies 68.7 (equator) to 69.4 (poles)
MIN_MILES_PER_DEGREE_LATITUDE = 68.7  # used for boxes, so they are never too small


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Place:
    """A resolved place: where it is and how to name it to a person."""

    point: Point
    label: str
    timezone: str = "America/New_York"
    kind: str = "point"  # "city" (a city, town or neighbourhood), "zip" or "point"
    state: str | None = None
    population: int | None = None


@dataclass(frozen=True)
class ZipRecord:
    zip_code: str
    city: str
    state: str
    point: Point
    timezone: str


@dataclass(frozen=True)
class BoundingBox:
    min_lat: float
    max_lat: float
    min_lng: float
    max_lng: float


class UnknownPlace(ValueError):
    """The text could not be turned into a US location. `suggestions`: labels of places it may have meant."""

    def __init__(self, message: str, suggestions: list[str] | tuple[str, ...] = ()):
        super().__init__(message)
        self.suggestions = list(suggestions)


ZIP_RE = re.compile(r"^\d{5}$")


def zip_index() -> dict[str, ZipRecord]:
    """Every active US ZIP with a usable centroid (never (0, 0), never outside its state), keyed by ZIP."""
    from directory.gazetteer import gazetteer

    return gazetteer().zips


def lookup_zip(zip_code: str) -> ZipRecord | None:
    return zip_index().get(zip_code)


def city_place(name: str, state: str) -> Place | None:
    """The gazetteer's point for a city (any spelling: "St. Louis" or "Saint Louis"), or None."""
    from directory.gazetteer import gazetteer
    from directory.place_text import name_key
    from directory.places import city_place as as_place
    from directory.places import nickname

    key, state = name_key(name), state.upper()
    found = gazetteer().by_name_state.get((key, state)) or nickname(key, state)  # "Bronx" is The Bronx
    return as_place(found) if found else None


def resolve_place(text: str) -> Place:
    """Turn '30303', '30303-1234', 'Los Angeles, CA', 'NYC' or '33.75,-84.39' into a Place.

    The one place resolution of the site (directory/places.py). Raises UnknownPlace with a
    message a person can act on, and the places it may have meant.
    """
    from directory.places import resolve_place as resolve

    return resolve(text)


# geopy's geodesic() on its WGS-84 ellipsoid (in km), without its per-call parsing (~2x the cost of the
# arithmetic, paid per result row): the same geographiclib call, so the same floats.
_WGS84_KM = Geodesic(ELLIPSOIDS["WGS-84"][0], ELLIPSOIDS["WGS-84"][2])
KM_PER_MILE = 1.609344


def distance_miles(a: Point, b: Point) -> float:
    """Geodesic (WGS-84) distance in miles, exactly as geopy's `geodesic(a, b).miles`."""
    return _WGS84_KM.Inverse(a.latitude, a.longitude, b.latitude, b.longitude, Geodesic.DISTANCE)["s12"] / KM_PER_MILE


def miles_to_degrees(miles: float) -> float:
    return miles / MILES_PER_DEGREE_LATITUDE


def longitude_scale(latitude: float) -> float:
    """How much shorter a degree of longitude is than one of latitude here."""
    return max(math.cos(math.radians(latitude)), 0.01)


def bounding_box(center: Point, miles: float) -> BoundingBox:
    """A latitude/longitude box that surely contains every point within `miles`."""
    d_lat = miles / MIN_MILES_PER_DEGREE_LATITUDE
    min_lat = max(center.latitude - d_lat, -90.0)
    max_lat = min(center.latitude + d_lat, 90.0)
    widest = max(abs(min_lat), abs(max_lat))
    if widest >= 89.0:
        return BoundingBox(min_lat, max_lat, -180.0, 180.0)
    d_lng = d_lat / math.cos(math.radians(widest))
    return BoundingBox(min_lat, max_lat, max(center.longitude - d_lng, -180.0), min(center.longitude + d_lng, 180.0))


@lru_cache(maxsize=1)
def known_timezones() -> frozenset[str]:
    zones = {record.timezone for record in zip_index().values()}
    zones.update({"America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"})
    return frozenset(zones)


def local_times_by_zone(
    moment: datetime.datetime, zones: frozenset[str] | None = None
) -> dict[tuple[int, datetime.time], list[str]]:
    """Group time zones by their local (weekday, time-of-day) at `moment`."""
    groups: dict[tuple[int, datetime.time], list[str]] = defaultdict(list)
    for zone in sorted(zones or known_timezones()):
        try:
            local = moment.astimezone(ZoneInfo(zone))
        except (KeyError, ValueError):
            continue
        groups[(local.weekday(), local.time().replace(microsecond=0))].append(zone)
    return dict(groups)


EARTH_RADIUS_MILES = 3958.7613  # the mean radius (IUGG), as geopy's great_circle


def great_circle_miles(a: Point, b: Point) -> float:
    """Haversine distance in miles: what a results page shows, within 0.5% of the geodesic and ~40x cheaper."""
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    half_dlat = (lat2 - lat1) / 2
    half_dlng = math.radians(b.longitude - a.longitude) / 2
    h = math.sin(half_dlat) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(half_dlng) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(h)))
