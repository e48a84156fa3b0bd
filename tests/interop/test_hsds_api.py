"""The HSDS 3.0 API: every answer validates against the official OpenAPI (vendored), with 0 errors."""

from __future__ import annotations

import datetime

import pytest

from directory.exporting.hsds_ids import record_id
from directory.models import Clinic, Condition, OpeningHours, Treatment
from tests.factories import CityFactory, ClinicFactory, UserFactory

from .hsds_validation import openapi, openapi_errors, schema_errors

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinics(db):
    atlanta = ClinicFactory(
        name="Peachtree Imaginary Ketamine",
        email="hello@peachtree.example.org",
        website="https://peachtree.example.org",
        description="Fictional clinic for tests.",
        treatments=["iv-infusion", "esketamine-nasal-spray"],
        conditions=["depression", "ptsd"],
        languages=["en", "es"],
        telehealth=True,
    )
    OpeningHours.objects.create(clinic=atlanta, weekday=0, opens=datetime.time(9), closes=datetime.time(17))
    phoenix_city = CityFactory(
        name="Phoenix", state="AZ", latitude=33.45, longitude=-112.07, timezone="America/Phoenix"
    )
    phoenix = ClinicFactory(
        name="Desert Pretend Ketamine",
        city=phoenix_city,
        zip_code="85004",
        latitude=33.45,
        longitude=-112.07,
        timezone="America/Phoenix",
        street_address="",
        phone="",
        treatments=["im-injection"],
        conditions=["chronic-pain"],
    )
    OpeningHours.objects.create(clinic=phoenix, weekday=2, opens=datetime.time(8), closes=datetime.time(12))
    hidden = ClinicFactory(name="Unpublished Pretend Clinic", published=False, treatments=["iv-infusion"])
    return {"atlanta": atlanta, "phoenix": phoenix, "hidden": hidden}


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content
    return response.json()


def ids(page):
    return [item["id"] for item in page["contents"]]


def test_every_endpoint_validates_against_the_official_openapi(client, clinics, capsys):
    atlanta = clinics["atlanta"].pk
    term = record_id("taxonomy_term/treatment", Treatment.objects.get(slug="iv-infusion").pk)
    calls = {
        "/": ["/api/hsds/"],
        "/services": [
            "/api/hsds/services",
            "/api/hsds/services?full=true",
            f"/api/hsds/services?taxonomy_term_id={term}",
        ],
        "/services/{id}": [f"/api/hsds/services/{record_id('service', atlanta)}"],
        "/service_at_locations": ["/api/hsds/service_at_locations", "/api/hsds/service_at_locations?full=true"],
        "/organizations": ["/api/hsds/organizations", "/api/hsds/organizations?full=true&full_service=true"],
        "/organizations/{id}": [f"/api/hsds/organizations/{record_id('organization', atlanta)}"],
        "/taxonomies": ["/api/hsds/taxonomies"],
        "/taxonomies/{id}": [f"/api/hsds/taxonomies/{record_id('taxonomy', 1)}"],
        "/taxonomy_terms": ["/api/hsds/taxonomy_terms", "/api/hsds/taxonomy_terms?per_page=3&page=2"],
        "/taxonomy_terms/{id}": [f"/api/hsds/taxonomy_terms/{term}"],
    }
    assert set(calls) == set(openapi()["paths"]) - {"/service_at_locations/{id}"}
    checked, errors = 0, []
    for template, urls in calls.items():
        for url in urls:
            payload = get(client, url)
            errors += [f"{url} {e}" for e in openapi_errors(template, payload)]
            checked += 1 + len(payload.get("contents", []))
    # The official OpenAPI 3.0 gives /service_at_locations/{id} the *service* schema (a slip: its own
    # text says "fully nested service_at_location"); it is checked against the service_at_location schema.
    sal = get(client, f"/api/hsds/service_at_locations/{record_id('service_at_location', atlanta)}")
    errors += schema_errors("compiled/service_at_location.json", sal)
    for location in get(client, "/api/hsds/locations")["contents"]:
        errors += schema_errors("location.json", location)
        checked += 1
    errors += schema_errors("location.json", get(client, f"/api/hsds/locations/{record_id('location', atlanta)}"))
    with capsys.disabled():
        print(
            f"\nHSDS API: {checked + 2} objects checked against the official HSDS 3.0 OpenAPI/schemas, "
            f"{len(errors)} errors"
        )
    assert errors == []


def test_the_validator_does_find_errors(client, clinics):
    page = get(client, "/api/hsds/services")
    page["contents"][0]["status"] = "open"
    del page["contents"][0]["name"]
    page["total_items"] = "two"
    page["contents"][1]["id"] = "not-a-uuid"  # formats are checked too
    assert len(openapi_errors("/services", page)) == 4


def test_root_says_version_and_where_the_openapi_is(client):
    assert get(client, "/api/hsds/") == {
        "version": "3.0",
        "profile": "https://docs.openreferral.org/en/latest/hsds/api_reference.html",
        "openapi_url": "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json",
    }


def test_lists_hold_published_listings_only_in_the_page_shape(client, clinics):
    page = get(client, "/api/hsds/services?per_page=1&page=2")
    assert {k: page[k] for k in page if k != "contents"} == {
        "total_items": 2,
        "total_pages": 2,
        "page_number": 2,
        "size": 1,
        "first_page": False,
        "last_page": True,
        "empty": False,
    }
    assert ids(page) == [record_id("service", clinics["phoenix"].pk)]
    beyond = get(client, "/api/hsds/services?page=9")
    assert beyond["empty"] is True and beyond["contents"] == []
    hidden = clinics["hidden"].pk
    get(client, f"/api/hsds/services/{record_id('service', hidden)}", 404)
    assert record_id("organization", hidden) not in ids(get(client, "/api/hsds/organizations"))


def test_filters_map_to_the_search(client, clinics, settings):
    atlanta, phoenix = record_id("service", clinics["atlanta"].pk), record_id("service", clinics["phoenix"].pk)
    assert ids(get(client, "/api/hsds/services?search=desert")) == [phoenix]
    pain = record_id("taxonomy_term/condition", Condition.objects.get(slug="chronic-pain").pk)
    assert ids(get(client, f"/api/hsds/services?taxonomy_term_id={pain}")) == [phoenix]
    org = record_id("organization", clinics["atlanta"].pk)
    assert ids(get(client, f"/api/hsds/services?organization_id={org}")) == [atlanta]
    assert ids(get(client, "/api/hsds/services?modified_after=2000-01-01")) == [atlanta, phoenix]
    assert ids(get(client, "/api/hsds/services?modified_after=2999-01-01T00:00:00Z")) == []
    near = get(client, "/api/hsds/service_at_locations?postcode=30303&proximity=16093")
    assert [item["service_id"] for item in near["contents"]] == [atlanta]
    treatments = record_id("taxonomy", 1)
    terms = get(client, f"/api/hsds/taxonomy_terms?taxonomy_id={treatments}")
    assert {t["code"] for t in terms["contents"]} == set(Treatment.objects.values_list("slug", flat=True))


@pytest.mark.parametrize(
    "url, field",
    [
        ("/api/hsds/services?per_page=0", "per_page"),
        ("/api/hsds/services?per_page=101", "per_page"),
        ("/api/hsds/services?page=abc", "page"),
        ("/api/hsds/services?full=yes", "full"),
        ("/api/hsds/services?format=ndjson", "format"),
        ("/api/hsds/services?minimal=true", "minimal"),
        ("/api/hsds/services?modified_after=yesterday", "modified_after"),
        ("/api/hsds/services?search=" + "x" * 300, "search"),
        ("/api/hsds/service_at_locations?postcode=00000&proximity=2000", "postcode"),
        ("/api/hsds/service_at_locations?postcode=30303&proximity=1", "proximity"),
        ("/api/hsds/service_at_locations?proximity=5000", "proximity"),
        ("/api/hsds/taxonomy_terms?top_only=maybe", "top_only"),
    ],
)
def test_bad_parameters_are_a_400_naming_them(client, clinics, url, field):
    body = get(client, url, 400)
    assert field in body["errors"], body


@pytest.mark.parametrize(
    "kind", ["services", "organizations", "service_at_locations", "locations", "taxonomies", "taxonomy_terms"]
)
def test_unknown_or_foreign_ids_are_a_404(client, clinics, kind):
    for value in ("not-a-uuid", "00000000-0000-0000-0000-000000000000", record_id("phone", clinics["atlanta"].pk)):
        get(client, f"/api/hsds/{kind}/{value}", 404)


def test_only_get_is_served(client):
    response = client.post("/api/hsds/services")
    assert response.status_code == 405 and "errors" in response.json()


def _next(month: int, day: int, today: datetime.date) -> datetime.date:
    candidate = datetime.date(today.year, month, day)
    return candidate if candidate >= today else datetime.date(today.year + 1, month, day)


def test_schedules_carry_the_offset_of_the_dates_they_cover(client, clinics):
    sal = get(client, f"/api/hsds/service_at_locations/{record_id('service_at_location', clinics['atlanta'].pk)}")
    today = datetime.date.fromisoformat(min(s["valid_from"] for s in sal["schedules"]))

    def offset_on(day):
        (schedule,) = [s for s in sal["schedules"] if s["valid_from"] <= day.isoformat() <= s["valid_to"]]
        return schedule["opens_at"], schedule["timezone"]

    assert offset_on(_next(7, 15, today)) == ("09:00-04:00", -4)
    assert offset_on(_next(1, 15, today)) == ("09:00-05:00", -5)
    phoenix = get(client, f"/api/hsds/service_at_locations/{record_id('service_at_location', clinics['phoenix'].pk)}")
    assert [(s["opens_at"], s["byday"]) for s in phoenix["schedules"]] == [("08:00-07:00", "WE")]


def test_a_service_names_its_treatments_and_conditions_as_taxonomy_terms(client, clinics):
    service = get(client, f"/api/hsds/services/{record_id('service', clinics['atlanta'].pk)}")
    terms = {(a["link_type"], a["taxonomy_term"]["code"]) for a in service["attributes"]}
    assert terms == {
        ("treatment", "iv-infusion"),
        ("treatment", "esketamine-nasal-spray"),
        ("condition", "depression"),
        ("condition", "ptsd"),
    }
    assert {lang["code"] for lang in service["languages"]} == {"en", "es"}
    assert service["organization"]["name"] == "Peachtree Imaginary Ketamine"
    assert Clinic.objects.count() == 3


def test_a_post_with_a_session_but_no_csrf_token_is_a_json_405_not_an_html_403(clinics):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(username="root-fictional", is_staff=True, is_superuser=True))
    for url in ("/api/hsds/services", "/fhir/metadata"):
        response = client.post(url)
        assert response.status_code == 405, url
        assert "html" not in response["Content-Type"], url


@pytest.mark.parametrize(
    "url",
    ["/api/hsds/services?full=true", "/api/hsds/service_at_locations?full=true", "/api/hsds/organizations?full=true"],
)
def test_a_page_costs_the_same_queries_however_many_clinics_it_holds(
    client, clinics, url, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as two:
        client.get(url)
    for n in range(5):
        ClinicFactory(name=f"More Pretend Clinic {n}", treatments=["iv-infusion"], languages=["en"])
    with django_assert_max_num_queries(len(two.captured_queries)):
        assert len(client.get(url).json()["contents"]) == 7
