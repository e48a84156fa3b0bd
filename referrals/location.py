"""`near` and `radius` as the API and the pages accept them (docs/API.md: radius 1–500, default 25)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from directory.geo import Place, UnknownPlace, resolve_place
from referrals.routing import DEFAULT_RADIUS_MILES

MIN_RADIUS, MAX_RADIUS = 1, 500


def radius_message() -> str:
    return _("Enter a distance in miles from %(min)d to %(max)d.") % {"min": MIN_RADIUS, "max": MAX_RADIUS}


@dataclass(frozen=True)
class Location:
    place: Place
    radius_miles: float


def parse_radius(value: Any) -> float:
    """A number or a numeric string → miles. Raises ValueError with a message for people."""
    if value is None or value == "":
        return DEFAULT_RADIUS_MILES
    if isinstance(value, bool):
        raise ValueError(radius_message())
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            raise ValueError(radius_message()) from None
    # The range test first: it refuses inf and NaN too, and math.isfinite(10**400) raised OverflowError (a 500).
    if not isinstance(value, int | float) or not MIN_RADIUS <= value <= MAX_RADIUS:
        raise ValueError(radius_message())
    return float(value)


def parse_location(*, near: Any, radius: Any) -> tuple[Location | None, dict[str, list[str]]]:
    """(location or None when `near` is not given, errors keyed `near`/`radius`)."""
    errors: dict[str, list[str]] = {}
    try:
        miles = parse_radius(radius)
    except ValueError as exc:
        errors["radius"] = [str(exc)]
        miles = DEFAULT_RADIUS_MILES
    if near is None or near == "":
        return None, errors
    if not isinstance(near, str):
        errors["near"] = [_("Give a 5-digit ZIP code, 'City, ST' or 'lat,lng' as text.")]
        return None, errors
    try:
        place = resolve_place(near)
    except UnknownPlace as exc:
        errors["near"] = [str(exc)]
        return None, errors
    return (Location(place, miles) if not errors else None), errors
