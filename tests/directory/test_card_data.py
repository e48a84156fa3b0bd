"""A search page's lookups, hours, URLs and distances are read cheaply, and equal what the ORM gives."""

from __future__ import annotations

import datetime
import random

import pytest
from geopy.distance import geodesic

from directory import geo
from directory.models import Clinic, OpeningHours, Treatment
from directory.search.cards import ClinicLookups, page_hours, page_lookups
from directory.search.results import clinic_url_maker
from tests.factories import ClinicFactory


@pytest.mark.django_db
def test_page_lookups_equal_the_prefetched_relations_in_the_same_order():
    Treatment.objects.filter(slug="iv-infusion").update(sort_order=99)  # order is the model's, not the slug's
    clinics = [
        ClinicFactory(
            treatments=["iv-infusion", "esketamine-nasal-spray", "im-injection"],
            conditions=["ptsd", "depression"],
            payment_options=["self-pay"],
            languages=["es", "en"],
        ),
        ClinicFactory(treatments=["esketamine-nasal-spray"], languages=["ko"]),
        ClinicFactory(),  # nothing at all
    ]
    ids = [clinic.pk for clinic in clinics]

    found = page_lookups(ids)

    for clinic in Clinic.objects.filter(pk__in=ids).with_lookups():
        expected = ClinicLookups.of(clinic)
        assert found[clinic.pk] == expected
        for name in ("treatments", "conditions", "payment_options", "languages"):
            assert [(row.pk, str(row)) for row in getattr(found[clinic.pk], name)] == [
                (row.pk, str(row)) for row in getattr(expected, name)
            ]
    assert found[clinics[0].pk].treatments[-1].slug == "iv-infusion"
    assert found[clinics[2].pk] == ClinicLookups()
    assert page_lookups([]) == {}


@pytest.mark.django_db
def test_page_hours_gives_every_clinic_its_own_intervals():
    open_clinic, closed_clinic = ClinicFactory(), ClinicFactory()
    OpeningHours.objects.create(clinic=open_clinic, weekday=0, opens=datetime.time(9), closes=datetime.time(17))
    OpeningHours.objects.create(clinic=open_clinic, weekday=2, opens=datetime.time(8), closes=datetime.time(12))

    hours = page_hours([open_clinic.pk, closed_clinic.pk])

    assert sorted((i.weekday, i.opens, i.closes) for i in hours[open_clinic.pk]) == [
        (0, datetime.time(9), datetime.time(17)),
        (2, datetime.time(8), datetime.time(12)),
    ]
    assert hours[closed_clinic.pk] == []


@pytest.mark.parametrize("slug", ["clinic-a", "syn-1-0000001", "under_score-9"])
def test_clinic_urls_equal_get_absolute_url(slug):
    assert clinic_url_maker()(slug) == Clinic(slug=slug).get_absolute_url()


def test_distance_miles_is_geopys_geodesic_to_the_last_bit():
    rng = random.Random(5)
    for _ in range(500):
        a = geo.Point(rng.uniform(18, 71), rng.uniform(-170, -65))
        b = geo.Point(a.latitude + rng.uniform(-1, 1), a.longitude + rng.uniform(-1, 1))
        expected = geodesic((a.latitude, a.longitude), (b.latitude, b.longitude)).miles
        assert geo.distance_miles(a, b) == expected
