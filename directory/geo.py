"""Offline geography: places to points, distances, bounding boxes, local times.

Every lookup here works without the network. ZIP centroids come from the
`zipcodes` package, indexed once in memory (its own lookup scans all ~42,000
ZIPs per call). Distances are geopy's geodesic (WGS-84) in miles.
"""

from __future__ import annotations

import datetime
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
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
    """The text could not be turned into a US location."""


ZIP_RE = re.compile(r"^\d{5}$")
ZIP_PLUS4_RE = re.compile(r"^(\d{5})-\d{4}$")
LAT_LNG_RE = re.compile(r"^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$")
CITY_STATE_RE = re.compile(r"^\s*([A-Za-z][A-Za-z .'\-]*?)\s*,\s*([A-Za-z]{2})\s*$")


@lru_cache(maxsize=1)
def zip_index() -> dict[str, ZipRecord]:
    """Every active US ZIP with a centroid, keyed by ZIP. Built once per process."""
    import zipcodes

    index = {}
    for row in zipcodes.list_all():
        try:
            point = Point(float(row["lat"]), float(row["long"]))
        except (TypeError, ValueError):
            continue
        if not row.get("active", True):
            continue
        index[row["zip_code"]] = ZipRecord(
            zip_code=row["zip_code"],
            city=row["city"],
            state=row["state"],
            point=point,
            timezone=row.get("timezone") or "America/New_York",
        )
    return index


@lru_cache(maxsize=1)
def city_index() -> dict[tuple[str, str], Place]:
    """(lower-case city, state) → the mean of the city's ZIP centroids."""
    groups: dict[tuple[str, str], list[ZipRecord]] = defaultdict(list)
    for record in zip_index().values():
        groups[(record.city.lower(), record.state.upper())].append(record)
    index = {}
    for (city, state), records in groups.items():
        lat = sum(r.point.latitude for r in records) / len(records)
        lng = sum(r.point.longitude for r in records) / len(records)
        index[(city, state)] = Place(Point(lat, lng), f"{records[0].city}, {state}", records[0].timezone)
    return index


def lookup_zip(zip_code: str) -> ZipRecord | None:
    return zip_index().get(zip_code)


def _normalise_city(name: str) -> str:
    name = " ".join(name.lower().replace(".", "").split())
    if name.startswith("st "):
        name = "saint " + name[3:]
    return name


def resolve_place(text: str) -> Place:
    """Turn '30303', '30303-1234', 'Atlanta, GA' or '33.75,-84.39' into a Place.

    Raises UnknownPlace with a message a person can act on.
    """
    text = (text or "").strip()
    if not text:
        raise UnknownPlace(_("Enter a ZIP code, a city and state like 'Atlanta, GA', or coordinates."))
    if len(text) > 100:
        raise UnknownPlace(_("That place is too long. Enter a ZIP code or 'City, ST'."))
    plus4 = ZIP_PLUS4_RE.match(text)
    if plus4:
        text = plus4.group(1)
    if ZIP_RE.match(text):
        record = lookup_zip(text)
        if record is None:
            raise UnknownPlace(_("We could not find the ZIP code %(zip)s.") % {"zip": text})
        return Place(record.point, f"{record.zip_code} ({record.city}, {record.state})", record.timezone)
    coords = LAT_LNG_RE.match(text)
    if coords:
        lat, lng = float(coords.group(1)), float(coords.group(2))
        if not (-90 <= lat <= 90 and -180 <= lng <= 180):
            raise UnknownPlace(_("Coordinates must be a latitude from -90 to 90 and a longitude from -180 to 180."))
        return Place(Point(lat, lng), f"{lat:.4f}, {lng:.4f}")
    city_state = CITY_STATE_RE.match(text)
    if city_state:
        city, state = _normalise_city(city_state.group(1)), city_state.group(2).upper()
        index = city_index()
        place = index.get((city, state))
        if place is None and city.startswith("saint "):
            place = index.get(("st " + city[6:], state))
        if place is None:
            raise UnknownPlace(
                _("We could not find %(city)s, %(state)s.") % {"city": city_state.group(1).strip(), "state": state}
            )
        return place
    from directory import geocoder  # online fallback, off by default

    place = geocoder.geocode_address(text)
    if place is None:
        raise UnknownPlace(
            _("We could not understand that place. Enter a 5-digit ZIP code or a city and state like 'Atlanta, GA'.")
        )
    return place


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
