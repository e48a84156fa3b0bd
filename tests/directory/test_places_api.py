"""GET /api/places/, and `near` errors with suggestions on the clinic API, the search page and the pre-screen."""

from __future__ import annotations

import json

import pytest

from referrals.forms import LocationForm
from tests.referrals.helpers import suitable_answers

URL = "/api/places/"


def places(client, **params):
    return client.get(URL, params)


@pytest.mark.parametrize(
    "q, label, kind",
    [
        ("Los Angeles, CA", "Los Angeles, CA", "city"),
        ("los ang", "Los Angeles, CA", "city"),
        ("los angeles, cal", "Los Angeles, CA", "city"),
        ("Los Angeles California", "Los Angeles, CA", "city"),
        ("NYC", "New York, NY", "city"),
        ("st lou", "St. Louis, MO", "city"),
        ("90012", "90012 (Los Angeles, CA)", "zip"),
        ("90012-3301", "90012 (Los Angeles, CA)", "zip"),
        ("34.05,-118.24", "34.0500, -118.2400", "point"),
    ],
)
def test_best_candidate_first(client, q, label, kind):
    response = places(client, q=q)
    assert response.status_code == 200
    first = response.json()["results"][0]
    assert (first["label"], first["kind"]) == (label, kind)
    assert set(first) == {"label", "kind", "latitude", "longitude", "state", "population"}
    assert isinstance(first["latitude"], float) and isinstance(first["longitude"], float)


def test_city_candidates_carry_state_and_population(client):
    first = places(client, q="Atlanta").json()["results"][0]
    assert first == {
        "label": "Atlanta, GA",
        "kind": "city",
        "latitude": pytest.approx(33.749, abs=0.01),
        "longitude": pytest.approx(-84.388, abs=0.01),
        "state": "GA",
        "population": first["population"],
    }
    assert first["population"] > 400_000


def test_larger_places_come_first_and_limit_is_kept(client):
    results = places(client, q="spring", limit="5").json()["results"]
    assert len(results) == 5
    populations = [r["population"] or 0 for r in results]
    assert populations == sorted(populations, reverse=True)
    assert all(r["label"].lower().startswith("spring") for r in results)


def test_default_limit_is_8_and_max_is_20(client):
    assert len(places(client, q="san").json()["results"]) == 8
    assert len(places(client, q="san", limit="20").json()["results"]) == 20


def test_zip_prefix_lists_zips_in_order(client):
    results = places(client, q="9001").json()["results"]
    assert [r["label"][:5] for r in results] == sorted(r["label"][:5] for r in results)
    assert all(r["kind"] == "zip" and r["label"].startswith("9001") for r in results)


@pytest.mark.parametrize("q", ["", "zzzzqx", "90085", "00000", "0,0", "   "])
def test_text_that_names_nothing_gives_an_empty_list(client, q):
    response = places(client, q=q)
    assert response.status_code == 200
    assert response.json() == {"results": []}


@pytest.mark.parametrize("limit", ["0", "21", "-1", "abc", "2.5", "1e3"])
def test_bad_limit_is_400_naming_limit(client, limit):
    response = places(client, q="Atlanta", limit=limit)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["limit"]


@pytest.mark.parametrize("q", ["a" * 101, "Atlanta\x00"])
def test_bad_q_is_400_naming_q(client, q):
    response = places(client, q=q)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["q"]


def test_places_is_read_only(client):
    assert client.post(URL, {"q": "Atlanta"}).status_code == 405


# `near` that names no usable place, wherever it is asked ------------------------------------


@pytest.mark.django_db
def test_clinic_api_zip_without_location_is_400_with_suggestion(client):
    response = client.get("/api/clinics/", {"near": "90085"})
    assert response.status_code == 400
    body = response.json()
    assert body["errors"]["near"][0].startswith("We have no location for ZIP 90085; try a nearby ZIP or your city.")
    assert body["suggestions"] == {"near": ["Los Angeles, CA"]}


@pytest.mark.django_db
def test_clinic_api_near_miss_is_400_with_suggestions(client):
    body = client.get("/api/clinics/", {"near": "Los Angles, CA"}).json()
    assert "Did you mean" in body["errors"]["near"][0]
    assert body["suggestions"]["near"][0] == "Los Angeles, CA"


@pytest.mark.django_db
def test_clinic_api_suggestions_in_spanish(client):
    body = client.get("/api/clinics/", {"near": "90085"}, HTTP_ACCEPT_LANGUAGE="es").json()
    message = body["errors"]["near"][0]
    assert "No tenemos la ubicación del código postal 90085" in message
    assert "¿Quiso decir Los Angeles, CA?" in message


@pytest.mark.django_db
def test_search_page_shows_the_zip_error_and_links_to_the_suggestion(client):
    response = client.get("/clinics/", {"near": "90085", "radius": "10"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "We have no location for ZIP 90085; try a nearby ZIP or your city." in page
    assert 'href="/clinics/?near=Los+Angeles%2C+CA&amp;radius=10"' in page


@pytest.mark.django_db
def test_search_page_suggestions_in_spanish(client):
    client.cookies["django_language"] = "es"
    page = client.get("/clinics/", {"near": "Springfield"}).content.decode()
    assert "Buscar cerca de:" in page
    assert "¿Quiso decir alguno de estos:" in page


@pytest.mark.django_db
def test_prescreen_api_zip_without_location_is_400_naming_near(client):
    body = {"answers": suitable_answers(), "near": "90085"}
    response = client.post("/api/prescreen/", json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    data = response.json()
    assert data["errors"]["near"][0].startswith("We have no location for ZIP 90085")
    assert data["suggestions"] == {"near": ["Los Angeles, CA"]}


@pytest.mark.django_db
def test_prescreen_location_step_refuses_the_zip_with_the_message():
    form = LocationForm({"near": "90085", "radius": "25"})
    assert not form.is_valid()
    assert form.errors["near"][0].startswith("We have no location for ZIP 90085; try a nearby ZIP or your city.")
    assert "Did you mean Los Angeles, CA?" in form.errors["near"][0]


@pytest.mark.django_db
def test_prescreen_location_step_reads_what_people_type():
    form = LocationForm({"near": "los angeles ca", "radius": "25"})
    assert form.is_valid()
    assert form.location.place.label == "Los Angeles, CA"


@pytest.mark.django_db
def test_search_and_prescreen_pages_offer_type_ahead_and_use_my_location(client):
    page = client.get("/clinics/").content.decode()
    assert 'list="f-near-places"' in page and '<datalist id="f-near-places">' in page
    assert 'data-place-suggest="/api/places/"' in page
    assert 'data-locate-for="f-near" hidden' in page  # shown only by static/js/locate.js
    assert "/static/js/locate.js" in page and "/static/js/place_suggest.js" in page
    assert 'list="id_near-places"' in str(LocationForm()["near"])
