"""near(): the indexed circle filter and the nearest-first page give exactly what a full scan gives."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db.models import ExpressionWrapper, FloatField

from directory import geo
from directory.models import Clinic
from directory.nearby import WithinMiles, latitude_band, squared_distance

ORIGINS = ["10001", "90012", "30303", "59001", "99701", "82001"]


@pytest.fixture
def clinics(db):
    call_command("generate_clinics", count=3000, seed=21, verbosity=0)


def flat_distance_sq(point: geo.Point, clinic: Clinic) -> float:
    scale = geo.longitude_scale(point.latitude)
    return (clinic.latitude - point.latitude) ** 2 + ((clinic.longitude - point.longitude) * scale) ** 2


def full_scan(point: geo.Point, miles: float) -> list[Clinic]:
    radius = geo.miles_to_degrees(miles)
    inside = [c for c in Clinic.objects.published() if flat_distance_sq(point, c) <= radius * radius]
    return sorted(inside, key=lambda c: (flat_distance_sq(point, c), c.name))


def test_database_band_matches_python_band(clinics):
    for latitude, band in Clinic.objects.values_list("latitude", "lat_band"):
        assert band == latitude_band(latitude)


@pytest.mark.parametrize("origin", ORIGINS)
@pytest.mark.parametrize("miles", [5, 25, 100])
def test_count_and_pages_match_a_full_scan(clinics, origin, miles):
    point = geo.resolve_place(origin).point
    expected = full_scan(point, miles)
    found = Clinic.objects.published().near(point, miles)
    assert found.count() == len(expected)
    ordered = found.with_lookups().order_by("distance_sq", "name")
    assert [c.pk for c in ordered[:20]] == [c.pk for c in expected[:20]]
    assert [c.pk for c in ordered[20:40]] == [c.pk for c in expected[20:40]]
    assert [c.pk for c in ordered] == [c.pk for c in expected]


def test_page_after_count_and_extra_filters_match_a_full_scan(clinics):
    point = geo.resolve_place("10001").point
    expected = [c for c in full_scan(point, 25) if c.accepts_referrals and c.telehealth]
    found = Clinic.objects.published().filter(accepts_referrals=True, telehealth=True).near(point, 25)
    assert found.count() == len(expected)
    assert [c.pk for c in found.order_by("distance_sq", "name")[:10]] == [c.pk for c in expected[:10]]


def test_near_in_a_subquery_and_under_not(clinics):
    point = geo.resolve_place("10001").point
    inside = {c.pk for c in full_scan(point, 5)}
    total = Clinic.objects.published().count()
    near_ids = Clinic.objects.published().near(point, 5).values("pk")
    assert Clinic.objects.published().exclude(pk__in=near_ids).count() == total - len(inside)
    # Ordered by distance but *outside* the circle: a smaller circle must not be tried here.
    outside = (
        Clinic.objects.published()
        .annotate(distance_sq=ExpressionWrapper(squared_distance(point), output_field=FloatField()))
        .exclude(WithinMiles(point, 5))
        .order_by("distance_sq", "name")
    )
    first = list(outside[:20])
    assert len(first) == 20 and not inside & {c.pk for c in first}
    assert first == list(outside)[:20]


@pytest.mark.parametrize("origin", ["10001", "59001"])
def test_values_list_pages_match_a_full_scan(clinics, origin):
    point = geo.resolve_place(origin).point
    expected = [c.pk for c in full_scan(point, 25)]
    keys = Clinic.objects.published().near(point, 25).order_by("distance_sq", "name").values_list("pk", flat=True)
    assert list(keys[:20]) == expected[:20]
    assert list(keys[5:15]) == expected[5:15]
