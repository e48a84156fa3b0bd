"""Pre-screen routing with availability: each clinic's next opening for the fitting treatments, filter and sort."""

from __future__ import annotations

import json
from unittest import mock

import pytest

from directory import geo
from referrals.routing import route
from referrals.screening import evaluate_prescreen
from tests.directory.availability_helpers import NOW, TODAY, days, set_availability
from tests.factories import ClinicFactory

from .helpers import ALL_TREATMENTS, suitable_answers

ATLANTA = geo.resolve_place("30303").point
pytestmark = pytest.mark.django_db


@pytest.fixture
def clinics():
    def fitting(slug, latitude, **kwargs):
        defaults = {"accepts_referrals": True, "treatments": ALL_TREATMENTS, "conditions": ["depression"]}
        return ClinicFactory(slug=slug, latitude=latitude, longitude=-84.3888, **(defaults | kwargs))

    near = fitting("near-closed", 33.7525)
    middle = fitting("middle-waitlist", 33.80)
    far = fitting("far-open-soon", 33.90)
    set_availability(near, "iv-infusion", "closed")
    set_availability(middle, "iv-infusion", "waitlist", weeks=2)
    set_availability(far, "iv-infusion", "open", opens_in=3)
    set_availability(far, "esketamine-nasal-spray", "open", opens_in=1)
    return near, middle, far


def routed(**kwargs):
    answers = suitable_answers(**kwargs.pop("answers", {}))
    result = evaluate_prescreen(answers)
    kwargs.setdefault("now", NOW)
    return route(result=result, condition="depression", point=ATLANTA, **kwargs)


def test_routing_shows_the_next_opening_of_the_fitting_treatments(clinics):
    by_slug = {r.clinic.slug: r for r in routed()}
    assert [r.clinic.slug for r in routed()] == ["near-closed", "middle-waitlist", "far-open-soon"]
    assert by_slug["near-closed"].next_opening is None
    assert by_slug["middle-waitlist"].next_opening.waitlist_weeks == 2
    assert by_slug["far-open-soon"].next_opening.treatment_slug == "esketamine-nasal-spray"
    # Esketamine not fitting (vascular history): only the IV opening counts.
    [*_, far] = routed(answers={"vascular_history": "yes_treated"})
    assert far.next_opening.treatment_slug == "iv-infusion"
    assert {o.treatment_slug for o in far.openings} == {"iv-infusion"}


def test_routing_filters_and_sorts_by_availability(clinics):
    assert [r.clinic.slug for r in routed(available_within=7)] == ["far-open-soon"]
    assert [r.clinic.slug for r in routed(available_within=14)] == ["middle-waitlist", "far-open-soon"]
    assert [r.clinic.slug for r in routed(soonest_first=True)] == ["far-open-soon", "middle-waitlist", "near-closed"]


def test_stale_availability_does_not_route(clinics):
    assert routed(available_within=30, now=NOW + days(15)) == []
    assert len(routed(available_within=30, now=NOW + days(13))) == 2


def test_prescreen_api_takes_available_within_and_sort_and_shows_next_opening(client, clinics):
    body = {"answers": suitable_answers(), "near": "30303", "available_within": 14, "sort": "soonest"}
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        response = client.post("/api/prescreen/", json.dumps(body), content_type="application/json")
    assert response.status_code == 200, response.content
    clinics_json = response.json()["clinics"]
    assert [c["slug"] for c in clinics_json] == ["far-open-soon", "middle-waitlist"]
    assert clinics_json[0]["next_opening"] == {
        "treatment": "esketamine-nasal-spray",
        "date": (TODAY + days(1)).isoformat(),
    }
    assert clinics_json[1]["next_opening"]["date"] == (TODAY + days(14)).isoformat()
    assert clinics_json[0]["availability"]["iv-infusion"]["status"] == "open"


@pytest.mark.parametrize(
    ("extra", "field"),
    [({"available_within": 0}, "available_within"), ({"available_within": "7"}, "available_within"),
     ({"available_within": True}, "available_within"), ({"sort": "name"}, "sort")],
)  # fmt: skip
def test_prescreen_api_refuses_bad_availability_options(client, clinics, extra, field):
    body = {"answers": suitable_answers(), "near": "30303", **extra}
    response = client.post("/api/prescreen/", json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()["errors"]


@pytest.mark.parametrize("radius", [10**400, -(10**400)])
def test_a_huge_radius_is_a_400_not_a_500(client, radius):
    # json.loads reads 1e400-digit integers as int; math.isfinite() of one overflowed (found by the fuzz test).
    body = {"answers": suitable_answers(), "near": "30303", "radius": radius}
    response = client.post("/api/prescreen/", json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    assert "radius" in response.json()["errors"]
