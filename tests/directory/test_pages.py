"""The HTML pages: home, search results, city pages, clinic pages, friendly 404s."""

from __future__ import annotations

import datetime
import json
import re
from html import unescape

import pytest

from directory.models import OpeningHours
from tests.directory.conftest import LA_90012
from tests.factories import CityFactory, ClinicFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return unescape(response.content.decode())


def test_home_has_the_search_box_and_cities_with_published_counts(client, clinic_at, los_angeles):
    clinic_at(1)
    clinic_at(2)
    clinic_at(3, published=False)
    clinic_at(1, origin=LA_90012, city=los_angeles)
    CityFactory(name="Hidden Only", state="TX", latitude=30.27, longitude=-97.74)
    ClinicFactory(city__name="Hidden Only", city__state="TX", published=False, latitude=30.27, longitude=-97.74)
    response = client.get("/")
    assert response.status_code == 200
    page = text(response)
    assert re.search(r'<form[^>]*action="/clinics/"', page)
    for name in ('name="near"', 'name="condition"', 'name="treatment"', 'for="home-near"'):
        assert name in page
    assert re.search(r"Atlanta, GA</a>\s*<span class=\"count\">2 clinics", page)
    assert re.search(r"Los Angeles, CA</a>\s*<span class=\"count\">1 clinic<", page)
    assert "Hidden Only" not in page


def test_home_counts_cities_in_one_query(client, clinic_at, django_assert_num_queries):
    for miles in (1, 2, 3):
        clinic_at(miles)
    # cities with counts, conditions, treatments
    with django_assert_num_queries(3):
        client.get("/")


def test_search_page_lists_results_with_every_badge(client, clinic_at, frozen_now):
    clinic = clinic_at(
        2.0,
        name="Peach Grove Ketamine",
        verified=True,
        verified_at=datetime.date(2026, 3, 14),
        rems_certified=True,
        accepting_new_patients=True,
        telehealth=True,
        price_from=400,
        price_to=650,
        languages=["es", "ko"],
        treatments=["iv-infusion"],
    )
    OpeningHours.objects.create(clinic=clinic, weekday=0, opens=datetime.time(9), closes=datetime.time(17))
    clinic_at(3.0, name="Closed Clinic", accepting_new_patients=False, verified=False)
    response = client.get("/clinics/", {"near": "30303"})
    assert response.status_code == 200
    page = text(response)
    assert "2 clinics" in page and "within 25 miles of 30303 (Atlanta, GA)" in page
    card = page[page.index("Peach Grove Ketamine") : page.index("Closed Clinic")]
    for expected in (
        "2.0 mi away",
        "Verified",
        'datetime="2026-03-14"',
        "SPRAVATO REMS certified",
        "Accepting new patients",
        "$400–$650",
        "Korean",
        "Spanish",
        "Telehealth",
        "Open now",
    ):
        assert expected in card, expected
    rest = page[page.index("Closed Clinic") :]
    assert "Not accepting new patients" in rest and "Not yet verified" in rest
    assert "Hours not listed" in rest and "Closed now" not in rest  # no hours: unknown, not closed


def test_card_of_a_clinic_with_hours_but_not_now_says_closed_now(client, clinic_at, frozen_now):
    clinic = clinic_at(1.0, name="Tuesday Clinic")
    OpeningHours.objects.create(clinic=clinic, weekday=1, opens=datetime.time(9), closes=datetime.time(17))
    page = text(client.get("/clinics/", {"near": "30303"}))
    assert "Closed now" in page and "Hours not listed" not in page


def test_search_page_keeps_filters_in_the_form_and_pagination_links(client, atlanta):
    ClinicFactory.create_batch(25, city=atlanta, conditions=["ptsd"], treatments=["iv-infusion"])
    query = {"near": "30303", "radius": "40", "condition": "ptsd", "treatment": "iv-infusion", "verified": "false"}
    response = client.get("/clinics/", query)
    page = text(response)
    assert response.status_code == 200
    assert '<input type="text" name="near" value="30303"' in page
    assert 'value="40"' in page
    assert re.search(r'value="ptsd" id="[^"]+" checked', page)
    assert re.search(r'<option value="false" selected>', page)
    next_link = re.search(r'<a rel="next" href="([^"]+)"', page).group(1)
    for part in ("near=30303", "radius=40", "condition=ptsd", "treatment=iv-infusion", "verified=false", "page=2"):
        assert part in next_link
    second = client.get("/clinics/" + next_link)
    assert second.status_code == 200
    assert "Page 2 of 2" in text(second)
    assert re.search(r'<a rel="prev" href="[^"]*page=1', text(second))


def test_search_page_shows_bad_input_on_the_page(client, db):
    response = client.get("/clinics/", {"near": "Nowhere, ZZ", "page": "0"})
    assert response.status_code == 400
    page = text(response)
    assert "We could not find Nowhere, ZZ." in page
    assert "Pages start at 1." in page
    assert 'aria-invalid="true"' in page


def test_search_works_without_javascript_and_map_is_optional(client, clinic_at):
    clinic_at(1, name="Only Clinic")
    page = text(client.get("/clinics/", {"near": "30303"}))
    # The list is plain HTML; the map is a hidden box plus a JSON data block for static/js/map.js.
    assert "Only Clinic" in page
    assert re.search(r'<div id="results-map"[^>]*hidden', page)
    points = json.loads(re.search(r'<script id="map-points" type="application/json">(.*?)</script>', page).group(1))
    assert points[0]["name"] == "Only Clinic" and points[0]["distance"] == 1.0
    # Leaflet is not a page script: map.js fetches it from data-leaflet-src once the map is on screen.
    assert re.search(r'data-leaflet-src="[^"]*vendor/leaflet/leaflet\.js"', page)
    assert not re.search(r"<script[^>]+leaflet\.js", page)


def test_city_page_shows_only_that_citys_published_clinics(client, clinic_at, los_angeles):
    clinic_at(1, name="Atlanta One")
    clinic_at(2, name="Atlanta Hidden", published=False)
    clinic_at(1, origin=LA_90012, city=los_angeles, name="LA One")
    response = client.get("/cities/atlanta-ga/")
    assert response.status_code == 200
    page = text(response)
    assert "Ketamine clinics in Atlanta, GA" in page
    assert "Atlanta One" in page and "LA One" not in page and "Atlanta Hidden" not in page
    # The path decides the city; a query-string city cannot widen it.
    assert "LA One" not in text(client.get("/cities/atlanta-ga/", {"city": "los-angeles-ca"}))


def test_city_page_has_the_filters(client, clinic_at):
    clinic_at(1, name="With IV", treatments=["iv-infusion"])
    clinic_at(1, name="With spray", treatments=["esketamine-nasal-spray"])
    page = text(client.get("/cities/atlanta-ga/", {"treatment": "esketamine-nasal-spray"}))
    assert "With spray" in page and "With IV" not in page
    assert 'action="/cities/atlanta-ga/"' in page


@pytest.mark.parametrize("url", ["/cities/atlantis-xx/", "/clinics/no-such-clinic/"])
def test_unknown_slugs_get_a_friendly_404(client, db, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "find that page" in text(response)


def test_unpublished_clinic_page_is_404(client, clinic_at):
    clinic_at(1, slug="secret", published=False)
    assert client.get("/clinics/secret/").status_code == 404


def _json_ld(page: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return json.loads(match.group(1))


def test_clinic_page_shows_everything_and_valid_json_ld(client, clinic_at, frozen_now):
    clinic = clinic_at(
        1,
        slug="harbor",
        name="Harbor </script><b>Ketamine</b>",
        description="IV ketamine & therapy.",
        phone="(404) 555-0142",
        email="hello@harbor.example.org",
        website="https://harbor.example.org",
        price_from=450,
        price_to=700,
        medical_director="Dr. Ana Ruiz",
        medical_director_credential="MD, anesthesiology",
        rems_certified=True,
        verified=True,
        verified_at=datetime.date(2026, 2, 1),
        telehealth=True,
        treatments=["iv-infusion", "esketamine-nasal-spray"],
        conditions=["ptsd"],
        payment_options=["self-pay"],
        languages=["es"],
    )
    OpeningHours.objects.create(clinic=clinic, weekday=0, opens=datetime.time(9), closes=datetime.time(17))
    OpeningHours.objects.create(clinic=clinic, weekday=5, opens=datetime.time(10), closes=datetime.time(14))
    response = client.get("/clinics/harbor/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<b>Ketamine</b>" not in page  # escaped everywhere, including the JSON-LD block
    data = _json_ld(page)
    assert data["@type"] == "MedicalClinic" and data["name"] == "Harbor </script><b>Ketamine</b>"
    assert data["address"]["postalCode"] == "30303" and data["address"]["addressRegion"] == "GA"
    assert data["geo"]["latitude"] == pytest.approx(clinic.latitude)
    assert {"@type": "OpeningHoursSpecification", "dayOfWeek": "https://schema.org/Monday", "opens": "09:00",
            "closes": "17:00"} in data["openingHoursSpecification"]  # fmt: skip
    assert data["telephone"] == "(404) 555-0142" and data["priceRange"] == "$450–$700"
    assert 'href="/prescreen/"' in page and "https://www.openstreetmap.org/?mlat=" in page
    shown = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", unescape(page)))
    for expected in (
        "Open now",
        "Eastern time",
        "9:00 AM–5:00 PM",
        "10:00 AM–2:00 PM",
        "Closed",
        "Verified on 1 February 2026",
        "SPRAVATO REMS certified",
        "Accepting new patients",
        "Telehealth available",
        "IV infusion",
        "PTSD",
        "Self-pay",
        "Spanish",
        "$450–$700",
        "Dr. Ana Ruiz, MD, anesthesiology",
        "Check if ketamine may fit you",
    ):
        assert expected in shown, expected


def test_clinic_page_hours_are_in_the_clinics_time_zone(client, los_angeles, clinic_at, frozen_now):
    # 10:00 Monday in Atlanta is 07:00 in Los Angeles: a 09:00 opening is still ahead.
    clinic = clinic_at(1, origin=LA_90012, city=los_angeles, slug="la", timezone="America/Los_Angeles")
    OpeningHours.objects.create(clinic=clinic, weekday=0, opens=datetime.time(9), closes=datetime.time(17))
    page = text(client.get("/clinics/la/"))
    assert "Pacific time" in page and "Closed now" in page
    assert re.search(r'<tr class="today" aria-current="date">\s*<th scope="row">Monday', page)
