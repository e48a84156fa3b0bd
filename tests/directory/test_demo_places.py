"""The demo clinics match their places: addressed in their own city, found near every demo city."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import zipcodes
from django.core.management import call_command

from directory import geo
from directory.models import City
from tests.referrals.helpers import suitable_answers

pytestmark = pytest.mark.django_db
FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "demo_directory.json"
MIN_CLINICS = 5


@pytest.fixture
def demo(db, settings):
    settings.SIMPLE_HISTORY_ENABLED = False  # history of every fixture row triples the load time
    call_command("loaddata", "demo_directory", verbosity=0)


def test_every_demo_city_finds_at_least_5_clinics_within_25_miles(client, demo):
    cities = list(City.objects.order_by("pk"))
    assert len(cities) >= 20  # the six metros and the suburbs their clinics are addressed in
    for city in cities:
        typed = f"{city.name}, {city.state}"
        api = client.get("/api/clinics/", {"near": typed, "radius": "25", "page_size": "100"})
        assert api.status_code == 200, typed
        assert api.json()["count"] >= MIN_CLINICS, typed
        page = client.get("/clinics/", {"near": typed, "radius": "25"})
        assert page.status_code == 200, typed
        assert page.content.decode().count('class="clinic-card') >= MIN_CLINICS, typed
        assert client.get(f"/cities/{city.slug}/").status_code == 200


def test_los_angeles_and_atlanta_find_their_clinics_in_the_prescreen(client, demo):
    for typed in ("Los Angeles, CA", "Atlanta", "los angeles ca"):
        body = {"answers": suitable_answers(), "near": typed, "radius": 25}
        response = client.post("/api/prescreen/", json.dumps(body), content_type="application/json")
        assert response.status_code == 200, typed
        assert len(response.json()["clinics"]) >= 3, typed


def test_readme_examples_return_clinics(client, demo):
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    urls = re.findall(r"curl '(http://127\.0\.0\.1:8000/api/[^']+)'", readme)
    assert len(urls) >= 4
    for url in urls:
        response = client.get(url.removeprefix("http://127.0.0.1:8000"))
        assert response.status_code == 200, url
        body = response.json()
        found = body["count"] if "count" in body else len(body["results"])
        assert found > 0, url


def test_clinics_are_addressed_in_their_own_city_with_its_real_zip():
    rows = json.loads(FIXTURE.read_text())
    cities = {r["pk"]: r["fields"] for r in rows if r["model"] == "directory.city"}
    clinics = [r["fields"] for r in rows if r["model"] == "directory.clinic"]
    for clinic in clinics:
        city = cities[clinic["city"]]
        record = zipcodes.matching(clinic["zip_code"])[0]
        assert record["state"] == city["state"], clinic["slug"]
        # The Postal Service's city for the ZIP, or a name it accepts for it (Brookhaven for 30319).
        assert city["name"] in [record["city"], *record["acceptable_cities"]], clinic["slug"]
        place = geo.city_place(city["name"], city["state"])
        clinic_point = geo.Point(clinic["latitude"], clinic["longitude"])
        assert geo.distance_miles(place.point, clinic_point) <= 13, clinic["slug"]
    by_name = {c["slug"]: cities[c["city"]]["name"] for c in clinics}
    assert by_name["alpharetta-ketamine-and-pain"] == "Alpharetta"
    assert by_name["decatur-square-infusion-center"] == "Decatur"
    assert by_name["marietta-green-ketamine-clinic"] == "Marietta"
    assert by_name["pasadena-arroyo-infusions"] == "Pasadena"
    assert by_name["buckhead-mind-and-body-clinic"] == "Atlanta"  # a neighbourhood, not a city


def test_city_rows_sit_at_the_gazetteers_city_centre():
    rows = json.loads(FIXTURE.read_text())
    for city in (r["fields"] for r in rows if r["model"] == "directory.city"):
        place = geo.city_place(city["name"], city["state"])
        assert (city["latitude"], city["longitude"]) == (place.point.latitude, place.point.longitude)
