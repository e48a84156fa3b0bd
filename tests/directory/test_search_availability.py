"""available_within=<days> and sort=soonest, on the JSON API and the search page; the verified filter's expiry."""

from __future__ import annotations

from unittest import mock

import pytest

from tests.directory.availability_helpers import NOW, TODAY, days, set_availability

pytestmark = pytest.mark.django_db
API = "/api/clinics/"


@pytest.fixture
def clock():
    with mock.patch("django.utils.timezone.now", return_value=NOW) as patched:
        yield patched


@pytest.fixture
def clinics(clinic_at, clock):
    """Atlanta clinics at growing distances, each in one availability state."""
    made = {
        "open-3-days": clinic_at(2, treatments=["iv-infusion"]),
        "open-20-days": clinic_at(1, treatments=["iv-infusion"]),
        "waitlist-1-week": clinic_at(3, treatments=["iv-infusion", "im-injection"]),
        "closed": clinic_at(4, treatments=["iv-infusion"]),
        "stale-open-tomorrow": clinic_at(5, treatments=["iv-infusion"]),
        "never-set": clinic_at(0.5, treatments=["iv-infusion"]),
        "im-open-2-days": clinic_at(6, treatments=["iv-infusion", "im-injection"]),
        "far-open-today": clinic_at(60, treatments=["iv-infusion"]),
    }
    for slug, clinic in made.items():
        clinic.slug = slug
        clinic.save()
    set_availability(made["open-3-days"], "iv-infusion", "open", opens_in=3, confirmed_days_ago=1)
    set_availability(made["open-20-days"], "iv-infusion", "open", opens_in=20, confirmed_days_ago=2)
    set_availability(made["waitlist-1-week"], "iv-infusion", "waitlist", weeks=1, confirmed_days_ago=0)
    set_availability(made["closed"], "iv-infusion", "closed", confirmed_days_ago=0)
    set_availability(made["stale-open-tomorrow"], "iv-infusion", "open", opens_in=1, confirmed_days_ago=15)
    set_availability(made["im-open-2-days"], "im-injection", "open", opens_in=2, confirmed_days_ago=1)
    set_availability(made["im-open-2-days"], "iv-infusion", "closed", confirmed_days_ago=1)
    set_availability(made["far-open-today"], "iv-infusion", "open", opens_in=0, confirmed_days_ago=1)
    return made


def results(client, **params) -> list[str]:
    response = client.get(API, {"near": "30303", **params})
    assert response.status_code == 200, response.content
    return [clinic["slug"] for clinic in response.json()["results"]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"available_within": "7"}, {"open-3-days", "waitlist-1-week", "im-open-2-days"}),
        ({"available_within": "30"}, {"open-3-days", "open-20-days", "waitlist-1-week", "im-open-2-days"}),
        ({"available_within": "2"}, {"im-open-2-days"}),
        ({"available_within": "7", "treatment": "iv-infusion"}, {"open-3-days", "waitlist-1-week"}),
        ({"available_within": "7", "treatment": "im-injection"}, {"im-open-2-days"}),
        ({"available_within": "1", "radius": "100"}, {"far-open-today"}),
    ],
)
def test_available_within_counts_only_fresh_openings_of_the_treatments_asked(client, clinics, params, expected):
    assert set(results(client, **params)) == expected


def test_sort_soonest_then_distance_and_clinics_without_a_current_opening_last(client, clinics):
    slugs = results(client, sort="soonest", treatment="iv-infusion")
    assert slugs[:3] == ["open-3-days", "waitlist-1-week", "open-20-days"]
    # No current IV opening: by distance (never-set 0.5 mi, closed 4, stale 5, im-open-2-days 6).
    assert slugs[3:] == ["never-set", "closed", "stale-open-tomorrow", "im-open-2-days"]
    two_tied = results(client, sort="soonest", available_within="30", radius="100")
    assert two_tied[0] == "far-open-today"


def test_sort_soonest_without_a_place_orders_by_name_after_the_opening(client, clinics):
    response = client.get(API, {"sort": "soonest", "available_within": "7", "treatment": "iv-infusion"})
    assert [c["slug"] for c in response.json()["results"]] == ["far-open-today", "open-3-days", "waitlist-1-week"]


@pytest.mark.parametrize("value", ["0", "181", "1.5", "soon", "-3"])
def test_bad_available_within_is_a_400_naming_it(client, clinics, value):
    response = client.get(API, {"near": "30303", "available_within": value})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["available_within"]


def test_the_search_page_filters_and_sorts_the_same(client, clinics):
    page = client.get(
        "/clinics/", {"near": "30303", "available_within": "7", "treatment": "iv-infusion", "sort": "soonest"}
    )
    assert page.status_code == 200
    shown = [row.clinic.slug for row in page.context["results"].rows]
    assert shown == ["open-3-days", "waitlist-1-week"]
    assert 'name="available_within"' in page.content.decode() and 'value="7"' in page.content.decode()
    bad = client.get("/clinics/", {"near": "30303", "available_within": "500"})
    assert bad.status_code == 400 and "Give at most 180 days." in bad.content.decode()


def test_a_patient_finds_iv_within_2_weeks_near_30303_and_every_answer_is_under_14_days_old(client, clinics):
    body = client.get(API, {"near": "30303", "treatment": "iv-infusion", "available_within": "14"}).json()
    assert body["count"] == 2
    for clinic in body["results"]:
        iv = clinic["availability"]["iv-infusion"]
        assert iv["status"] in ("open", "waitlist")
        confirmed = NOW.fromisoformat(iv["confirmed_at"])
        assert NOW - confirmed < days(14)


def test_an_expired_verification_does_not_count_as_verified(client, clinic_at, clock):
    clinic_at(1, slug="fresh", verified=True, verified_at=TODAY - days(364))
    clinic_at(2, slug="expired", verified=True, verified_at=TODAY - days(365))
    clinic_at(3, slug="never", verified=False)
    assert results(client, verified="true") == ["fresh"]
    assert set(results(client, verified="false")) == {"expired", "never"}
    by_slug = {c["slug"]: c for c in client.get(API, {"near": "30303"}).json()["results"]}
    assert by_slug["fresh"]["verified"] is True and by_slug["fresh"]["verification"]["status"] == "verified"
    assert by_slug["expired"]["verified"] is False
    assert by_slug["expired"]["verification"] == {
        "status": "expired",
        "verified_at": (TODAY - days(365)).isoformat(),
        "expires_on": TODAY.isoformat(),
    }
    page = client.get("/clinics/", {"near": "30303"}).content.decode()
    assert page.count("Verification expired") == 1


def test_not_confirmed_for_6_months_is_marked_in_search(client, clinic_at, clock):
    clinic_at(1, slug="recent", details_confirmed_at=NOW - days(182))
    clinic_at(2, slug="old", details_confirmed_at=NOW - days(184))
    by_slug = {c["slug"]: c["confirmed_recently"] for c in client.get(API, {"near": "30303"}).json()["results"]}
    assert by_slug == {"recent": True, "old": False}
    page = client.get("/clinics/", {"near": "30303"}).content.decode()
    assert page.count("Not confirmed recently") == 1
