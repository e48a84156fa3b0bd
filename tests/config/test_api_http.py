"""CORS for the public GET API only, preflight, the Link header, JSON 404/405 and 415 (docs/API.md, "HTTP")."""

from __future__ import annotations

import re

import pytest

from referrals.models import Referral
from tests.factories import ClinicFactory
from tests.referrals.helpers import referral_body
from tests.security.world import build_world

pytestmark = pytest.mark.django_db

ORIGIN = {"origin": "https://other.example.org"}
PUBLIC_GET = ["/api/clinics/", "/api/places/?q=atl", "/api/hsds/", "/api/hsds/services", "/api/export/hsds/"]


@pytest.fixture
def world(settings):
    settings.RATELIMIT_ENABLED = False
    return build_world()


@pytest.mark.parametrize("url", PUBLIC_GET)
def test_any_origin_may_read_the_public_get_api(client, url):
    response = client.get(url, headers=ORIGIN)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert {"etag", "link"} <= {h.strip().lower() for h in response["Access-Control-Expose-Headers"].split(",")}


def test_a_preflight_for_a_public_get_is_answered(client):
    response = client.options(
        "/api/clinics/",
        headers={**ORIGIN, "access-control-request-method": "GET", "access-control-request-headers": "if-none-match"},
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert set(response["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert "if-none-match" in response["Access-Control-Allow-Headers"]
    assert "POST" not in response["Access-Control-Allow-Methods"]


def test_a_plain_options_lists_the_methods(client):
    response = client.options("/api/clinics/")
    assert response.status_code == 204
    assert response["Allow"] == "GET, HEAD, OPTIONS"


@pytest.mark.parametrize(
    "url", ["/api/prescreen/", "/api/referrals/", "/fhir/Bundle", "/clinics/", "/referrals/lost-link/"]
)
def test_no_other_endpoint_is_opened_to_other_origins(client, world, url):
    preflight = client.options(url, headers={**ORIGIN, "access-control-request-method": "POST"})
    assert "Access-Control-Allow-Origin" not in preflight
    post = client.post(url, "{}", content_type="application/json", headers=ORIGIN)
    assert "Access-Control-Allow-Origin" not in post


def test_the_authenticated_referral_api_is_not_opened(client, world):
    client.force_login(world.referrer_a)
    response = client.get(f"/api/referrals/{world.referral_a.pk}/", headers=ORIGIN)
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


def test_a_post_to_a_public_get_endpoint_is_a_json_405(client):
    response = client.post("/api/clinics/", "{}", content_type="application/json", headers=ORIGIN)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert "POST" in response.json()["errors"]["__all__"][0]


def _links(response) -> dict[str, str]:
    return {rel: url for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', response.get("Link", ""))}


def test_the_clinic_list_links_its_next_and_previous_pages(client):
    for number in range(3):
        ClinicFactory(name=f"Clinic {number}", published=True)
    first = client.get("/api/clinics/?sort=name&page_size=1")
    assert _links(first) == {"next": first.json()["next"]}
    middle = client.get("/api/clinics/?sort=name&page_size=1&page=2")
    body = middle.json()
    assert _links(middle) == {"next": body["next"], "prev": body["previous"]}
    assert "page=3" in body["next"] and "sort=name" in body["next"]
    last = client.get(_links(middle)["next"])
    assert _links(last) == {"prev": last.json()["previous"]}
    single = client.get("/api/clinics/?page_size=10")
    assert "Link" not in single


def test_the_hsds_lists_link_their_pages(client):
    for number in range(3):
        ClinicFactory(name=f"Clinic {number}", published=True)
    middle = client.get("/api/hsds/services?per_page=1&page=2")
    links = _links(middle)
    assert set(links) == {"next", "prev"}
    assert client.get(links["next"]).json()["page_number"] == 3
    assert client.get(links["prev"]).json()["page_number"] == 1
    assert "next" not in _links(client.get(links["next"]))


@pytest.mark.parametrize("url", ["/api/no-such-thing/", "/api/clinics/a/b/", "/api/hsds/no-such-table"])
def test_unknown_api_paths_answer_json(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"errors": {"__all__": ["Not found."]}}


@pytest.mark.parametrize(
    ("method", "url", "allow"),
    [
        ("put", "/api/clinics/", "GET, HEAD, OPTIONS"),
        ("delete", "/api/export/hsds/", "GET, HEAD, OPTIONS"),
        ("post", "/api/hsds/services", "GET, HEAD, OPTIONS"),
        ("get", "/api/prescreen/", "POST, OPTIONS"),
        ("get", "/api/referrals/", "POST, OPTIONS"),
        ("patch", "/api/places/", "GET, HEAD, OPTIONS"),
    ],
)
def test_wrong_methods_answer_json_405(client, method, url, allow):
    response = getattr(client, method)(url)
    assert response.status_code == 405
    assert response["Allow"] == allow
    assert response["Content-Type"] == "application/json"
    assert list(response.json()["errors"]) == ["__all__"]


@pytest.mark.parametrize("url", ["/api/prescreen/", "/api/referrals/"])
@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "application/xml", "application/json-patch"]
)
def test_a_body_that_is_not_json_is_a_415(client, world, url, content_type):
    response = client.post(url, '{"answers": {}}', content_type=content_type)
    assert response.status_code == 415
    message = response.json()["errors"]["__all__"][0]
    assert "Content-Type: application/json" in message


def test_a_json_body_with_a_charset_is_read(client, world):
    response = client.post("/api/prescreen/", '{"answers": {}}', content_type="application/json; charset=utf-8")
    assert response.status_code == 400  # read, and judged: the answers are missing
    assert "age_18_or_over" in response.json()["errors"]


def test_a_form_post_to_the_referral_api_is_a_415_and_stores_nothing(client, world):
    count = Referral.objects.count()
    token = {"authorization": f"Token {world.api_key_a}"}
    response = client.post("/api/referrals/", {"clinic": world.clinic_a.slug, "consent": "true"}, headers=token)
    assert response.status_code == 415
    assert Referral.objects.count() == count
    body = referral_body(world.clinic_a.slug)
    assert client.post("/api/referrals/", body, content_type="application/json", headers=token).status_code == 201


@pytest.mark.parametrize("url", ["/api/prescreen/", "/api/referrals/"])
@pytest.mark.parametrize("size", [70_000, 3_000_000])  # past MAX_BODY_BYTES, and past Django's own upload limit
def test_a_body_too_large_is_a_413_whatever_its_size(client, world, url, size):
    body = '{"answers": {}, "x": "' + "a" * size + '"}'
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["errors"]["__all__"] == ["The request body is too large."]


@pytest.mark.parametrize("url", ["/fhir/Patient/1", "/fhir/nope", "/fhir/Questionnaire/no-such-one/x"])
def test_unknown_fhir_paths_answer_an_operation_outcome(client, url):
    from fhir.resources.R4B.operationoutcome import OperationOutcome

    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/fhir+json")
    outcome = OperationOutcome.model_validate(response.json())
    assert outcome.issue[0].code == "not-found"
