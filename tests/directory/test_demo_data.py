"""The demo fixture: idempotent, fictional, and big enough to show both metros."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command

from directory import geo
from directory.models import City, Clinic, OpeningHours

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db, settings):
    # Change history (simple_history) records every M2M set of a fixture load and triples its
    # time; these tests look at the listings only. test_load_demo_twice keeps history on.
    settings.SIMPLE_HISTORY_ENABLED = False
    call_command("loaddata", "demo_directory", verbosity=0)


def test_load_demo_twice_creates_nothing_new(db):
    call_command("load_demo", stdout=StringIO())
    counts = (City.objects.count(), Clinic.objects.count(), OpeningHours.objects.count())
    call_command("load_demo", stdout=StringIO())
    assert (City.objects.count(), Clinic.objects.count(), OpeningHours.objects.count()) == counts
    assert counts[1] >= 30


def test_demo_anchors_metros_and_variety(demo):
    # One load, many checks: loading the fixture is the slow part.
    assert Clinic.objects.get(pk=1).slug == "peachtree-ketamine-wellness"
    assert Clinic.objects.get(slug="peachtree-ketamine-wellness").city.slug == "atlanta-ga"
    assert Clinic.objects.get(slug="silver-lake-ketamine-center").city.slug == "los-angeles-ca"
    for zip_code in ("30303", "90012"):
        center = geo.resolve_place(zip_code).point
        near = [c for c in Clinic.objects.published() if geo.distance_miles(center, c.point) <= 30]
        assert len(near) >= 12, zip_code
        assert len({(c.latitude, c.longitude) for c in near}) == len(near)  # distinct spots

    clinics = list(Clinic.objects.prefetch_related("treatments", "languages", "opening_hours"))
    for clinic in clinics:
        assert clinic.description.startswith("Fictional demo listing.")
        assert "(fictional)" in clinic.name
        assert re.fullmatch(r"\(\d{3}\) 555-01\d\d", clinic.phone)
        assert clinic.website == f"https://{clinic.slug}.example.org"
        assert clinic.email.endswith(".example.org")
        assert clinic.rems_certified == any(t.slug == "esketamine-nasal-spray" for t in clinic.treatments.all())
        if clinic.accepts_referrals:
            assert clinic.referral_email.endswith(".example.org")
        assert clinic.opening_hours.all()
    assert sum(not c.published for c in clinics) == 3
    assert any(not c.accepting_new_patients for c in clinics)
    assert any(not c.verified for c in clinics)
    assert {"es", "ko", "zh", "vi", "hy"} <= {lang.code for c in clinics for lang in c.languages.all()}
    assert any(h.weekday >= 5 for c in clinics for h in c.opening_hours.all())
    assert len({c.city.slug for c in clinics}) >= 5


def test_unpublished_demo_clinics_stay_hidden(client, demo):
    hidden = list(Clinic.objects.filter(published=False).values_list("slug", flat=True))
    listed = client.get("/api/clinics/", {"page_size": "100"}).json()["results"]
    assert not {c["slug"] for c in listed} & set(hidden)
    for slug in hidden:
        assert client.get(f"/clinics/{slug}/").status_code == 404
        assert client.get(f"/api/clinics/{slug}/").status_code == 404
