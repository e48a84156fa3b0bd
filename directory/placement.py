"""Where a clinic is: its coordinates and time zone follow its ZIP code unless someone gave better ones."""

from __future__ import annotations

from directory import geo
from directory.models import Clinic


def needs_geocoding(*, has_coordinates: bool, zip_changed: bool, coordinates_edited: bool) -> bool:
    """Place the clinic at its ZIP's centre when it has no coordinates, or moved ZIP without new ones."""
    return not has_coordinates or (zip_changed and not coordinates_edited)


def place_at_zip_centre(clinic: Clinic, record: geo.ZipRecord) -> None:
    clinic.latitude, clinic.longitude = record.point.latitude, record.point.longitude
    clinic.timezone = record.timezone
