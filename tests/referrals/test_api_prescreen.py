"""POST /api/prescreen/ exactly as docs/API.md says."""

import json

import pytest

from referrals.screening import RULESET_VERSION
from tests.factories import ClinicFactory

from .helpers import ALL_TREATMENTS, crisis_answers, suitable_answers

URL = "/api/prescreen/"


def post(client, body, **extra):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(URL, data=data, content_type="application/json", **extra)


@pytest.mark.django_db
def test_suitable_without_location(client):
    response = post(client, {"answers": suitable_answers()})
    assert response.status_code == 200
    data = response.json()
    assert data["outcome"] == "suitable"
    assert data["treatment_outcomes"] == dict.fromkeys(ALL_TREATMENTS, "suitable")
    assert data["reasons"] == [] and [f["rule"] for f in data["flags"]] == ["F-TRD"]
    assert data["ruleset_version"] == RULESET_VERSION
    assert data["crisis_resources"] == []
    assert data["clinics"] == []


@pytest.mark.django_db
def test_review_with_reasons_flags_and_clinics(client, referral_clinic):
    answers = suitable_answers(vascular_history="yes_treated", ride_home=False)
    response = post(client, {"answers": answers, "near": "30303", "radius": 10})
    data = response.json()
    assert response.status_code == 200
    assert data["outcome"] == "review"
    assert data["treatment_outcomes"]["esketamine-nasal-spray"] == "not_suitable"
    assert [r["rule"] for r in data["reasons"]] == ["R-VASC-TREATED"]
    assert all(set(r) >= {"rule", "message", "kind", "source"} for r in data["reasons"] + data["flags"])
    assert data["reasons"][0]["kind"] == "safety"
    assert [f["rule"] for f in data["flags"]] == ["F-RIDE"]  # F-TRD only while esketamine is open
    assert data["treatment_details"]["esketamine-nasal-spray"] == {
        "outcome": "not_suitable",
        "kind": "safety",
        "rules": ["R-VASC-TREATED"],
    }
    [clinic] = data["clinics"]
    assert clinic["slug"] == "peachtree-imaginary"
    assert "esketamine-nasal-spray" not in clinic["fitting_treatments"]
    assert clinic["fitting_treatments"] == [t for t in ALL_TREATMENTS if t != "esketamine-nasal-spray"]
    assert isinstance(clinic["distance_miles"], float)
    for key in ("slug", "name", "url", "city", "treatments", "conditions", "accepts_referrals", "latitude"):
        assert key in clinic


@pytest.mark.django_db
def test_crisis_has_resources_no_outcomes_no_clinics(client, referral_clinic):
    response = post(client, {"answers": crisis_answers(), "near": "30303"})
    data = response.json()
    assert response.status_code == 200
    assert data["outcome"] == "crisis"
    assert data["treatment_outcomes"] == {}
    assert data["clinics"] == []
    contacts = {r["contact"] for r in data["crisis_resources"]}
    assert {"988", "911", "988lifeline.org"} <= contacts


@pytest.mark.django_db
def test_self_harm_thoughts_without_crisis_carry_resources(client, referral_clinic):
    answers = suitable_answers(self_harm_thoughts=1, suicide_intent_or_plan=False, suicide_behavior="never")
    data = post(client, {"answers": answers, "near": "30303"}).json()
    assert data["outcome"] == "review"
    assert data["crisis_resources"]
    assert len(data["clinics"]) == 1


@pytest.mark.django_db
def test_not_suitable_gets_no_clinics(client, referral_clinic):
    data = post(client, {"answers": suitable_answers(ketamine_allergy="yes"), "near": "30303"}).json()
    assert data["outcome"] == "not_suitable"
    assert data["clinics"] == []


@pytest.mark.django_db
def test_clinics_nearest_first_within_radius(client, referral_clinic, other_clinic):
    ClinicFactory(
        slug="far-away-savannah",
        latitude=32.08,
        longitude=-81.09,
        zip_code="31401",
        accepts_referrals=True,
        treatments=ALL_TREATMENTS,
        conditions=["depression"],
    )
    data = post(client, {"answers": suitable_answers(), "near": "30030", "radius": 25}).json()
    assert [c["slug"] for c in data["clinics"]] == ["decatur-pretend", "peachtree-imaginary"]
    distances = [c["distance_miles"] for c in data["clinics"]]
    assert distances == sorted(distances)
    wide = post(client, {"answers": suitable_answers(), "near": "30030", "radius": "500"}).json()
    assert "far-away-savannah" in [c["slug"] for c in wide["clinics"]]


@pytest.mark.django_db
def test_payment_marks_clinics(client, referral_clinic, other_clinic):
    data = post(client, {"answers": suitable_answers(), "near": "30303", "payment": "self-pay"}).json()
    marks = {c["slug"]: c["takes_payment"] for c in data["clinics"]}
    assert marks == {"peachtree-imaginary": True, "decatur-pretend": False}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body, field",
    [
        ("{not json", "__all__"),
        ("[1, 2]", "__all__"),
        ("", "__all__"),
        ({}, "answers"),
        ({"answers": []}, "answers"),
        ({"answers": suitable_answers(age_18_or_over="true")}, "age_18_or_over"),
        ({"answers": suitable_answers(phq2_mood="2")}, "phq2_mood"),
        ({"answers": suitable_answers(condition="sadness")}, "condition"),
        ({"answers": suitable_answers(mystery=1)}, "mystery"),
        ({"answers": suitable_answers(self_harm_thoughts=2)}, "suicide_intent_or_plan"),
        ({"answers": suitable_answers(), "near": "00000"}, "near"),
        ({"answers": suitable_answers(), "near": "Atlantis, ZZ"}, "near"),
        ({"answers": suitable_answers(), "near": 30303}, "near"),
        ({"answers": suitable_answers(), "near": "30303", "radius": 0}, "radius"),
        ({"answers": suitable_answers(), "near": "30303", "radius": 501}, "radius"),
        ({"answers": suitable_answers(), "near": "30303", "radius": "far"}, "radius"),
        ({"answers": suitable_answers(), "near": "30303", "radius": True}, "radius"),
        ({"answers": suitable_answers(), "near": "30303", "radius": 10**400}, "radius"),  # no float overflow
        ({"answers": suitable_answers(), "payment": "gold-bars"}, "payment"),
    ],
)
def test_bad_input_is_400_naming_the_field(client, body, field):
    response = post(client, body)
    assert response.status_code == 400
    assert field in response.json()["errors"]


@pytest.mark.django_db
def test_missing_answers_are_each_named(client):
    response = post(client, {"answers": {"age_18_or_over": True}})
    errors = response.json()["errors"]
    assert response.status_code == 400
    assert {"phq2_interest", "condition", "ride_home"} <= set(errors)
    assert "age_18_or_over" not in errors


@pytest.mark.django_db
def test_get_is_405_json(client):
    response = client.get(URL)
    assert response.status_code == 405
    assert "errors" in response.json()


@pytest.mark.django_db
def test_anonymous_json_needs_no_csrf_token():
    from django.test import Client

    response = post(Client(enforce_csrf_checks=True), {"answers": suitable_answers()})
    assert response.status_code == 200
