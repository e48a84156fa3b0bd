"""A count stops at COUNT_LIMIT matches ("more than …"), except for the whole directory and one city's list."""

from __future__ import annotations

import pytest

from directory.search import counts, nearest
from tests.directory.conftest import ATLANTA_30303, point_at
from tests.factories import CityFactory, ClinicFactory

pytestmark = pytest.mark.django_db
API = "/api/clinics/"
LIMIT = 4


@pytest.fixture(autouse=True)
def small_limit(monkeypatch):
    monkeypatch.setattr(counts, "COUNT_LIMIT", LIMIT)


@pytest.fixture
def seven_near_atlanta(clinic_at):
    return [clinic_at(1 + number, description="A lanternfish clinic.", telehealth=True) for number in range(7)]


@pytest.mark.parametrize(
    "params",
    [
        {"near": "30303"},  # the near index
        {"near": "30303", "telehealth": "true"},  # counted with its page (nearest.keys_with_total)
        {"q": "lanternfish"},  # the keyword index alone
        {"q": "lanternfish", "near": "30303"},
        {"telehealth": "true"},  # a filter without a place
    ],
)
def test_a_count_past_the_limit_says_more_and_lists_the_first_matches(client, seven_near_atlanta, params):
    response = client.get(API, {**params, "page_size": 2})
    assert (response.json()["count"], response["Count-Exact"]) == (LIMIT, "false")
    second = client.get(API, {**params, "page_size": 2, "page": 2}).json()
    assert second["next"] is None and len(second["results"]) == 2
    past = client.get(API, {**params, "page_size": 2, "page": 3})
    assert past.status_code == 400
    assert past.json()["errors"]["page"] == [
        f"Only the first {LIMIT:,} matches can be listed, up to page 2; narrow the search to see others."
    ]


@pytest.mark.parametrize("params", [{}, {"telehealth": "true"}, {"q": "lanternfish"}])
def test_the_first_matches_are_the_nearest(client, clinic_at, seven_near_atlanta, params):
    clinic_at(0.5, description="A lanternfish clinic.", telehealth=True, published=False)
    names = [row["name"] for row in client.get(API, {**params, "near": "30303", "page_size": 10}).json()["results"]]
    assert names == [clinic.name for clinic in seven_near_atlanta[:LIMIT]]


def test_a_count_within_the_limit_is_exact(client, clinic_at):
    for number in range(LIMIT):
        clinic_at(1 + number)
    clinic_at(100)  # outside the circle
    response = client.get(API, {"near": "30303"})
    assert (response.json()["count"], response["Count-Exact"]) == (LIMIT, "true")


@pytest.mark.parametrize("by_city", [False, True])
def test_the_whole_directory_and_a_city_are_counted_and_paged_to_the_end(client, seven_near_atlanta, by_city):
    elsewhere = CityFactory(name="Macon", state="GA", latitude=32.84, longitude=-83.63)
    point = point_at(ATLANTA_30303, miles=80)
    ClinicFactory(city=elsewhere, latitude=point.latitude, longitude=point.longitude)
    params = {"city": seven_near_atlanta[0].city.slug} if by_city else {}
    expected = 7 if by_city else 8
    response = client.get(API, {**params, "sort": "name", "page_size": 2})
    assert (response.json()["count"], response["Count-Exact"]) == (expected, "true")
    last = client.get(API, {**params, "sort": "name", "page_size": 2, "page": (expected + 1) // 2})
    assert last.status_code == 200 and last.json()["results"]


def test_the_page_says_more_than_the_limit(client, seven_near_atlanta):
    page = client.get("/clinics/", {"near": "30303"}).content.decode()
    assert f"More than {LIMIT} clinics within 25 miles of" in page
    spanish = client.get("/clinics/", {"near": "30303"}, headers={"accept-language": "es"}).content.decode()
    assert f"Más de {LIMIT} clínicas" in spanish


@pytest.mark.parametrize("params", [{}, {"telehealth": "true"}, {"q": "lanternfish"}])
def test_pages_found_in_the_small_circles_are_the_nearest(client, monkeypatch, seven_near_atlanta, params):
    monkeypatch.setattr(nearest, "SMALL_RESULT", 0)  # the small circles even for a few matches
    names = []
    for page in (1, 2):
        body = client.get(API, {**params, "near": "30303", "page_size": 2, "page": page}).json()
        names += [row["name"] for row in body["results"]]
    assert names == [clinic.name for clinic in seven_near_atlanta[:4]]  # 1-4 miles: found within 4 (or 16)
