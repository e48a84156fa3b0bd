"""Every bad input of the contract: a JSON 400 naming the parameter, and a 400 page with the message. Never a 500."""

from __future__ import annotations

import pytest

from tests.factories import ClinicFactory

pytestmark = pytest.mark.django_db

NUL = "\x00"

# (query parameters, the parameter the error must name)
BAD_INPUT = [
    ({"city": "atlantis-ga"}, "city"),
    ({"condition": "hiccups"}, "condition"),
    ({"condition": ["ptsd", "hiccups"]}, "condition"),
    ({"treatment": "magic-beans"}, "treatment"),
    ({"payment": "barter"}, "payment"),
    ({"language": "xx"}, "language"),
    ({"language": "Spanish"}, "language"),
    ({"near": "Nowhere, ZZ"}, "near"),
    ({"near": "00000"}, "near"),
    ({"near": "somewhere over the rainbow"}, "near"),
    ({"near": "91,10"}, "near"),
    ({"near": "33.7,-190"}, "near"),
    ({"near": "3" * 150}, "near"),
    ({"near": "30303", "radius": "0"}, "radius"),
    ({"near": "30303", "radius": "0.5"}, "radius"),
    ({"near": "30303", "radius": "501"}, "radius"),
    ({"near": "30303", "radius": "-5"}, "radius"),
    ({"near": "30303", "radius": "abc"}, "radius"),
    ({"near": "30303", "radius": "1e309"}, "radius"),
    ({"near": "30303", "radius": "nan"}, "radius"),
    ({"near": "30303", "radius": "inf"}, "radius"),
    ({"radius": "10"}, "radius"),
    ({"sort": "distance"}, "sort"),
    ({"sort": "price"}, "sort"),
    ({"page": "0"}, "page"),
    ({"page": "-1"}, "page"),
    ({"page": "abc"}, "page"),
    ({"page": "1e3"}, "page"),
    ({"page": "2"}, "page"),
    ({"page": "99999999999999999999999"}, "page"),
    ({"page_size": "0"}, "page_size"),
    ({"page_size": "101"}, "page_size"),
    ({"page_size": "ten"}, "page_size"),
    ({"q": "k" * 201}, "q"),
    ({"q": "k" * 10_000}, "q"),
    ({"accepting_new_patients": "yes"}, "accepting_new_patients"),
    ({"telehealth": "maybe"}, "telehealth"),
    ({"verified": "2"}, "verified"),
    ({"open_now": "now"}, "open_now"),
    ({"near": NUL}, "near"),
    ({"near": f"30303{NUL}"}, "near"),
    ({"q": f"ket{NUL}amine"}, "q"),
    ({"city": f"atlanta-ga{NUL}"}, "city"),
    ({"condition": ["ptsd", f"ocd{NUL}"]}, "condition"),
    ({"treatment": NUL}, "treatment"),
    ({"payment": NUL}, "payment"),
    ({"language": NUL}, "language"),
    ({"verified": NUL}, "verified"),
    ({"sort": NUL}, "sort"),
    ({"page": NUL}, "page"),
    ({"page_size": f"1{NUL}"}, "page_size"),
    ({"radius": NUL, "near": "30303"}, "radius"),
    ({"condition": ["ptsd"] * 25}, "condition"),
    ({"city": "a" * 5000}, "city"),
]


def _ids(case):
    params, name = case
    return f"{name}:{str(params)[:40]!r}"


@pytest.fixture
def one_clinic(db):
    return ClinicFactory(slug="only-one")


@pytest.mark.parametrize("params, name", BAD_INPUT, ids=[_ids(c) for c in BAD_INPUT])
def test_api_rejects_bad_input_naming_the_parameter(client, one_clinic, params, name):
    response = client.get("/api/clinics/", params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    errors = response.json()["errors"]
    assert name in errors
    assert all(isinstance(message, str) and message for message in errors[name])


@pytest.mark.parametrize("params, name", BAD_INPUT, ids=[_ids(c) for c in BAD_INPUT])
def test_search_page_shows_the_problem_with_status_400(client, one_clinic, params, name):
    response = client.get("/clinics/", params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert "We couldn't run that search" in body or "We couldn&#x27;t run that search" in body
    assert NUL not in body


def test_several_bad_parameters_are_all_reported(client, one_clinic):
    errors = client.get("/api/clinics/", {"near": "Nowhere, ZZ", "payment": "barter", "page": "0"}).json()["errors"]
    assert set(errors) >= {"near", "payment", "page"}


def test_messages_are_specific(client, one_clinic):
    def error(params, name):
        return client.get("/api/clinics/", params).json()["errors"][name][0]

    assert "hiccups" in error({"condition": "hiccups"}, "condition")
    assert "500" in error({"near": "30303", "radius": "501"}, "radius")
    assert "near" in error({"radius": "5"}, "radius")
    assert "200" in error({"q": "k" * 201}, "q")
    assert "true or false" in error({"verified": "yes"}, "verified")


def test_page_past_the_end_names_the_last_page(client, db):
    ClinicFactory.create_batch(3)
    message = client.get("/api/clinics/", {"page_size": "1", "page": "4"}).json()["errors"]["page"][0]
    assert message == "There is no page 4; the last page is 3."


def test_city_page_rejects_bad_input_too(client, one_clinic):
    response = client.get("/cities/atlanta-ga/", {"radius": "5"})
    assert response.status_code == 400
    assert "A radius needs a place" in response.content.decode()


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_api_is_read_only(client, one_clinic, method):
    for url in ("/api/clinics/", "/api/clinics/only-one/"):
        response = getattr(client, method)(url, data="{}", content_type="application/json")
        assert response.status_code == 405
        assert "errors" in response.json()
        assert "GET" in response["Allow"]
