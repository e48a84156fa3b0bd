"""Issue 13, finding 4: deep nesting and NUL characters answer 400 naming the field, on every JSON endpoint.

[[[[…]]]] 3,000 deep (6 KB) raised RecursionError, a 500. NUL characters in patient
fields were stored on SQLite and would fail on PostgreSQL. Both are refused by the one
JSON body parser (config/jsonapi.py) before any view looks at the data.
"""

from __future__ import annotations

import json

import pytest

from referrals.models import Referral
from tests.referrals.helpers import referral_body, suitable_answers
from tests.security.world import build_world

pytestmark = pytest.mark.django_db

JSON_ENDPOINTS = ("/api/prescreen/", "/api/referrals/")


@pytest.fixture
def world(settings):
    settings.RATELIMIT_ENABLED = False
    return build_world()


def post(client, url, raw: str):
    return client.post(url, raw, content_type="application/json")


def errors_of(response) -> dict:
    assert response["Content-Type"].startswith("application/json")
    return response.json()["errors"]


@pytest.mark.parametrize("url", JSON_ENDPOINTS)
def test_a_deeply_nested_array_is_a_400_not_a_500(client, world, url):
    raw = "[" * 3000 + "]" * 3000
    assert len(raw) == 6000
    response = post(client, url, raw)
    assert response.status_code == 400
    assert "nested too deeply" in errors_of(response)["__all__"][0]


@pytest.mark.parametrize("url", JSON_ENDPOINTS)
def test_deep_nesting_inside_a_field_names_the_field(client, world, url):
    body = referral_body(world.clinic_a.slug)
    # 300 deep: far past MAX_DEPTH, yet parseable with the stack a request has left under pytest-xdist
    # (900 was within a few frames of Python's recursion limit, so each middleware added could tip it
    # into the parser's RecursionError, answered as the body's __all__, tested below).
    raw = json.dumps(body)[:-1] + ', "note": ' + "[" * 300 + "]" * 300 + "}"
    response = post(client, url, raw)
    assert response.status_code == 400
    assert list(errors_of(response)) == ["note"]
    raw = json.dumps({"answers": {"medical_conditions": [[[[[[[[[[[[[[[[[[[[[["x"]]]]]]]]]]]]]]]]]]]]]]}})
    response = post(client, url, raw)
    assert response.status_code == 400 and list(errors_of(response)) == ["answers.medical_conditions"]


@pytest.mark.parametrize("url", JSON_ENDPOINTS)
def test_a_parse_that_runs_out_of_stack_is_a_400(client, world, url):
    raw = '{"answers": ' + '{"a": ' * 5000 + "1" + "}" * 5000 + "}"
    response = post(client, url, raw)
    assert response.status_code == 400 and "nested too deeply" in errors_of(response)["__all__"][0]


@pytest.mark.parametrize(
    ("where", "field"),
    [
        (lambda body: body["patient"].update(first_name="Ada\x00"), "patient.first_name"),
        (lambda body: body["patient"].update(email="ada\x00@example.org"), "patient.email"),
        (lambda body: body.update(note="see\x00note"), "note"),
        (lambda body: body.update(clinic=body["clinic"] + "\x00"), "clinic"),
        (lambda body: body["answers"].update(condition="depression\x00"), "answers.condition"),
        (lambda body: body["patient"].update({"\x00": "x"}), "patient"),
    ],
)
def test_nul_characters_are_refused_with_the_field_named(client, world, where, field):
    body = referral_body(world.clinic_a.slug)
    where(body)
    response = post(client, "/api/referrals/", json.dumps(body))
    assert response.status_code == 400
    assert list(errors_of(response)) == [field] and "NUL" in errors_of(response)[field][0]
    assert not Referral.objects.filter(clinic=world.clinic_a, patient_first_name__startswith="Ada").exists()


def test_nul_in_a_prescreen_answer_is_refused(client, world):
    answers = suitable_answers(condition="depression\x00")
    response = post(client, "/api/prescreen/", json.dumps({"answers": answers, "near": "30303\x00"}))
    assert response.status_code == 400 and set(errors_of(response)) == {"answers.condition", "near"}


def test_the_nul_message_is_spanish_too(client, world):
    body = referral_body(world.clinic_a.slug)
    body["note"] = "\x00"
    response = client.post(
        "/api/referrals/", json.dumps(body), content_type="application/json", HTTP_ACCEPT_LANGUAGE="es"
    )
    assert response.status_code == 400 and "NUL" in errors_of(response)["note"][0]
    assert errors_of(response)["note"] == ["Quite el carácter NUL de este valor."]


def test_ordinary_bodies_still_pass(client, world):
    response = post(client, "/api/referrals/", json.dumps(referral_body(world.clinic_a.slug)))
    assert response.status_code == 201


@pytest.mark.parametrize("radius", [10**400, -(10**400), 1e308, "1e999", "nan"])
def test_a_huge_radius_is_a_400_naming_it(client, world, radius):
    """Found by the pre-screen fuzz test: math.isfinite(10**400) raised OverflowError, a 500."""
    body = json.dumps({"answers": suitable_answers(), "near": "30303", "radius": radius})
    response = post(client, "/api/prescreen/", body)
    assert response.status_code == 400 and list(errors_of(response)) == ["radius"]
