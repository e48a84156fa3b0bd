"""Helpers for the directory tests: clinics placed at exact geodesic distances, frozen clocks."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from geopy.distance import geodesic

from directory import geo
from tests.factories import CityFactory, ClinicFactory

ATLANTA_30303 = geo.Point(33.7525, -84.3888)
LA_90012 = geo.Point(34.0614, -118.2385)
# Monday 23 November 2026, 10:00 in Atlanta, 07:00 in Los Angeles.
MONDAY_10AM_EASTERN = datetime.datetime(2026, 11, 23, 15, 0, tzinfo=datetime.UTC)


def point_at(origin: geo.Point, *, miles: float, bearing: float = 0.0) -> geo.Point:
    """The point `miles` (geodesic) from `origin` in direction `bearing` (degrees from north)."""
    destination = geodesic(miles=miles).destination((origin.latitude, origin.longitude), bearing)
    return geo.Point(destination.latitude, destination.longitude)


@pytest.fixture
def atlanta(db):
    return CityFactory(name="Atlanta", state="GA", latitude=33.7525, longitude=-84.3888)


@pytest.fixture
def los_angeles(db):
    return CityFactory(
        name="Los Angeles", state="CA", latitude=34.0614, longitude=-118.2385, timezone="America/Los_Angeles"
    )


@pytest.fixture
def clinic_at(atlanta):
    """clinic_at(miles, bearing=0, origin=ATLANTA_30303, **fields) → a published clinic there."""

    def make(miles: float, bearing: float = 0.0, origin: geo.Point = ATLANTA_30303, **fields):
        point = point_at(origin, miles=miles, bearing=bearing)
        fields.setdefault("city", atlanta)
        return ClinicFactory(latitude=point.latitude, longitude=point.longitude, **fields)

    return make


@pytest.fixture
def frozen_now():
    """Patch django.utils.timezone.now to MONDAY_10AM_EASTERN (or another moment via .set())."""
    with mock.patch("django.utils.timezone.now", return_value=MONDAY_10AM_EASTERN) as patched:
        yield patched
