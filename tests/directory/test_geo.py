import datetime
from zoneinfo import ZoneInfo

import pytest
from geopy.distance import geodesic

from directory import geo


@pytest.mark.parametrize(
    "text, city",
    [("30303", "Atlanta"), ("30303-1234", "Atlanta"), ("90012", "Los Angeles"), ("Atlanta, GA", "Atlanta")],
)
def test_resolve_place_finds_us_places(text, city):
    place = geo.resolve_place(text)
    assert city in place.label
    assert 24 < place.point.latitude < 50
    assert -125 < place.point.longitude < -66


def test_resolve_place_accepts_coordinates():
    place = geo.resolve_place("33.75, -84.39")
    assert place.point == geo.Point(33.75, -84.39)


@pytest.mark.parametrize("text", ["", "00000", "Nowhere, ZZ", "91.0,10", "33,-190", "a" * 101, "hello"])
def test_resolve_place_rejects_unknown_places(text):
    with pytest.raises(geo.UnknownPlace):
        geo.resolve_place(text)


def test_distance_matches_geopy_geodesic():
    atlanta, la = geo.Point(33.7525, -84.3888), geo.Point(34.0614, -118.2385)
    expected = geodesic((33.7525, -84.3888), (34.0614, -118.2385)).miles
    assert geo.distance_miles(atlanta, la) == pytest.approx(expected)
    assert 1930 < expected < 1950


@pytest.mark.parametrize("miles", [1, 25, 100, 500])
def test_bounding_box_contains_the_whole_circle(miles):
    center = geo.Point(47.6, -122.3)
    box = geo.bounding_box(center, miles)
    for bearing in range(0, 360, 15):
        edge = geodesic(miles=miles).destination((center.latitude, center.longitude), bearing)
        assert box.min_lat <= edge.latitude <= box.max_lat
        assert box.min_lng <= edge.longitude <= box.max_lng


def test_local_times_group_zones_by_local_clock():
    moment = datetime.datetime(2026, 11, 23, 17, 0, tzinfo=datetime.UTC)
    groups = geo.local_times_by_zone(moment)
    by_zone = {zone: key for key, zones in groups.items() for zone in zones}
    assert by_zone["America/New_York"] == (0, datetime.time(12, 0))
    assert by_zone["America/Los_Angeles"] == (0, datetime.time(9, 0))
    assert moment.astimezone(ZoneInfo("America/Chicago")).hour == by_zone["America/Chicago"][1].hour
