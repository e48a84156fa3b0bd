"""GET /api/clinics/: every filter, combined filters, distance, radius, open now, pagination."""

from __future__ import annotations

import datetime

import pytest
from geopy.distance import geodesic

from directory.models import OpeningHours
from tests.directory.conftest import ATLANTA_30303, LA_90012
from tests.factories import CityFactory, ClinicFactory

pytestmark = pytest.mark.django_db

API = "/api/clinics/"


def slugs(response) -> list[str]:
    """The result slugs, sorted: tests of ordering look at the results themselves."""
    assert response.status_code == 200, response.content
    return sorted(clinic["slug"] for clinic in response.json()["results"])


def test_response_has_the_contract_shape(client, clinic_at):
    clinic_at(1, slug="alpha", treatments=["iv-infusion"], conditions=["ptsd"], payment_options=["self-pay"])
    body = client.get(API, {"near": "30303"}).json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 1 and body["next"] is None and body["previous"] is None
    clinic = body["results"][0]
    assert set(clinic) == {
        "slug", "name", "url", "city", "address", "zip_code", "latitude", "longitude", "distance_miles", "phone",
        "website", "treatments", "conditions", "payment_options", "languages", "accepting_new_patients",
        "telehealth", "verified", "accepts_referrals",
        # issue 16: trust fields, added (the contract's fields are unchanged)
        "verification", "confirmed_recently", "availability", "responsiveness",
    }  # fmt: skip
    assert clinic["url"] == "http://testserver/clinics/alpha/"
    assert clinic["city"] == {"slug": "atlanta-ga", "name": "Atlanta", "state": "GA"}
    assert clinic["treatments"] == ["iv-infusion"] and clinic["conditions"] == ["ptsd"]
    assert isinstance(clinic["distance_miles"], float)


def test_without_near_results_are_by_name_and_have_no_distance(client, clinic_at):
    clinic_at(5, name="Zeta Clinic")
    clinic_at(1, name="Alpha Clinic")
    results = client.get(API).json()["results"]
    assert [c["name"] for c in results] == ["Alpha Clinic", "Zeta Clinic"]
    assert all(c["distance_miles"] is None for c in results)


def test_unpublished_clinics_never_appear(client, clinic_at):
    clinic_at(1, slug="shown")
    clinic_at(2, slug="hidden", published=False)
    assert slugs(client.get(API)) == ["shown"]
    assert slugs(client.get(API, {"near": "30303", "q": "Clinic"})) == ["shown"]
    assert client.get(f"{API}hidden/").status_code == 404


def test_near_sorts_by_distance_and_distances_match_geopy(client, clinic_at):
    for miles, bearing in [(20, 90), (2, 200), (12.5, 330), (7, 45), (24, 180)]:
        clinic_at(miles, bearing, slug=f"at-{miles}".replace(".", "-"))
    results = client.get(API, {"near": "30303"}).json()["results"]
    assert [c["slug"] for c in results] == ["at-2", "at-7", "at-12-5", "at-20", "at-24"]
    for clinic in results:
        exact = geodesic((ATLANTA_30303.latitude, ATLANTA_30303.longitude), (clinic["latitude"], clinic["longitude"]))
        assert abs(clinic["distance_miles"] - exact.miles) < 0.5


@pytest.mark.parametrize("bearing", [0, 90, 180, 270, 45])
def test_radius_edge_includes_just_inside_and_excludes_just_outside(client, clinic_at, bearing):
    clinic_at(9.8, bearing, slug="inside")
    clinic_at(10.2, bearing, slug="outside")
    assert slugs(client.get(API, {"near": "30303", "radius": "10"})) == ["inside"]
    assert slugs(client.get(API, {"near": "30303", "radius": "11"})) == ["inside", "outside"]


def test_default_radius_is_25_miles(client, clinic_at):
    clinic_at(24, slug="in")
    clinic_at(26, slug="out")
    assert slugs(client.get(API, {"near": "30303"})) == ["in"]
    assert slugs(client.get(API, {"near": "30303", "radius": "500"})) == ["in", "out"]


@pytest.mark.parametrize("near", ["30303", "30303-1234", "Atlanta, GA", "33.7525,-84.3888", " 33.7525 , -84.3888 "])
def test_near_accepts_zip_city_and_coordinates(client, clinic_at, near):
    clinic_at(3, slug="close")
    clinic_at(3, origin=LA_90012, slug="far")
    assert slugs(client.get(API, {"near": near})) == ["close"]


def test_sort_by_name_with_near_keeps_distances(client, clinic_at):
    clinic_at(1, name="Zulu")
    clinic_at(9, name="Alpha")
    results = client.get(API, {"near": "30303", "sort": "name"}).json()["results"]
    assert [c["name"] for c in results] == ["Alpha", "Zulu"]
    assert results[0]["distance_miles"] > results[1]["distance_miles"]


def test_city_filter(client, clinic_at, los_angeles):
    clinic_at(1, slug="atl")
    clinic_at(1, origin=LA_90012, city=los_angeles, slug="la")
    assert slugs(client.get(API, {"city": "los-angeles-ca"})) == ["la"]
    assert slugs(client.get(API, {"city": "atlanta-ga"})) == ["atl"]


def test_condition_filter_requires_every_condition(client, clinic_at):
    clinic_at(1, slug="both", conditions=["ptsd", "anxiety", "depression"])
    clinic_at(2, slug="ptsd-only", conditions=["ptsd"])
    clinic_at(3, slug="none")
    assert slugs(client.get(API, {"condition": "ptsd"})) == ["both", "ptsd-only"]
    assert slugs(client.get(API, {"condition": ["ptsd", "anxiety"]})) == ["both"]
    assert slugs(client.get(API, {"condition": ["ptsd", "ptsd"]})) == ["both", "ptsd-only"]


def test_treatment_filter_matches_any_treatment_without_duplicates(client, clinic_at):
    clinic_at(1, slug="iv-and-spray", treatments=["iv-infusion", "esketamine-nasal-spray"])
    clinic_at(2, slug="im", treatments=["im-injection"])
    clinic_at(3, slug="oral", treatments=["oral-sublingual"])
    assert slugs(client.get(API, {"treatment": "iv-infusion"})) == ["iv-and-spray"]
    both = client.get(API, {"treatment": ["iv-infusion", "esketamine-nasal-spray", "im-injection"]}).json()
    assert sorted(c["slug"] for c in both["results"]) == ["im", "iv-and-spray"] and both["count"] == 2


def test_payment_and_language_filters(client, clinic_at):
    clinic_at(1, slug="medicare-es", payment_options=["medicare", "self-pay"], languages=["en", "es"])
    clinic_at(2, slug="self-pay-ko", payment_options=["self-pay"], languages=["ko"])
    assert slugs(client.get(API, {"payment": "medicare"})) == ["medicare-es"]
    assert slugs(client.get(API, {"payment": "self-pay"})) == ["medicare-es", "self-pay-ko"]
    assert slugs(client.get(API, {"language": "ko"})) == ["self-pay-ko"]
    assert slugs(client.get(API, {"language": "es", "payment": "self-pay"})) == ["medicare-es"]


@pytest.mark.parametrize("field", ["accepting_new_patients", "telehealth", "verified"])
@pytest.mark.parametrize("true_word, false_word", [("true", "false"), ("1", "0"), ("True", "FALSE")])
def test_boolean_filters(client, clinic_at, field, true_word, false_word):
    # A verification counts only with its date, for 12 months (issue 16).
    dated = {"verified_at": datetime.date.today()} if field == "verified" else {}
    clinic_at(1, slug="yes", **{field: True}, **dated)
    clinic_at(2, slug="no", **{field: False})
    assert slugs(client.get(API, {field: true_word})) == ["yes"]
    assert slugs(client.get(API, {field: false_word})) == ["no"]
    assert slugs(client.get(API, {field: ""})) == ["no", "yes"]


def test_keyword_searches_name_description_city_and_zip(client, clinic_at, los_angeles):
    clinic_at(1, slug="by-name", name="Magnolia Infusions")
    clinic_at(2, slug="by-description", description="We also treat migraine with IV therapy.")
    clinic_at(1, origin=LA_90012, city=los_angeles, slug="by-city", zip_code="90012")
    assert slugs(client.get(API, {"q": "magnolia"})) == ["by-name"]
    assert slugs(client.get(API, {"q": "MIGRAINE"})) == ["by-description"]
    assert slugs(client.get(API, {"q": "angeles"})) == ["by-city"]
    assert slugs(client.get(API, {"q": "90012"})) == ["by-city"]
    assert slugs(client.get(API, {"q": "magnolia infusions"})) == ["by-name"]
    assert slugs(client.get(API, {"q": "magnolia 90012"})) == []
    assert slugs(client.get(API, {"q": "100%_"})) == []


def _open(clinic, weekday: int, opens: str, closes: str) -> None:
    OpeningHours.objects.create(
        clinic=clinic,
        weekday=weekday,
        opens=datetime.time.fromisoformat(opens),
        closes=datetime.time.fromisoformat(closes),
    )


def test_open_now_uses_each_clinics_own_time_zone(client, clinic_at, los_angeles, frozen_now):
    # Frozen at Monday 10:00 in Atlanta, which is 07:00 in Los Angeles.
    atlanta = clinic_at(1, slug="atlanta-9-to-5")
    la = clinic_at(1, origin=LA_90012, city=los_angeles, slug="la-9-to-5", timezone="America/Los_Angeles")
    la_early = clinic_at(2, origin=LA_90012, city=los_angeles, slug="la-early", timezone="America/Los_Angeles")
    no_hours = clinic_at(3, slug="no-hours")
    for clinic in (atlanta, la):
        _open(clinic, 0, "09:00", "17:00")
    _open(la_early, 0, "06:30", "07:00")  # closes exactly at 07:00: closed
    assert no_hours.opening_hours.count() == 0
    assert slugs(client.get(API, {"open_now": "true"})) == ["atlanta-9-to-5"]
    assert slugs(client.get(API, {"open_now": "false"})) == ["la-9-to-5", "la-early", "no-hours"]
    detail = client.get(f"{API}atlanta-9-to-5/").json()
    assert detail["open_now"] is True
    assert client.get(f"{API}la-9-to-5/").json()["open_now"] is False


def test_combined_filters(client, clinic_at):
    clinic_at(
        3, slug="match", treatments=["iv-infusion"], conditions=["ptsd", "anxiety"], payment_options=["tricare-va"],
        languages=["es"], telehealth=True, verified=True, verified_at=datetime.date.today(), name="Harbor Ketamine",
    )  # fmt: skip
    clinic_at(4, slug="no-telehealth", treatments=["iv-infusion"], conditions=["ptsd", "anxiety"],
              payment_options=["tricare-va"], languages=["es"], telehealth=False, verified=True)  # fmt: skip
    clinic_at(40, slug="too-far", treatments=["iv-infusion"], conditions=["ptsd", "anxiety"],
              payment_options=["tricare-va"], languages=["es"], telehealth=True, verified=True)  # fmt: skip
    query = {
        "near": "30303", "radius": "30", "treatment": ["iv-infusion", "im-injection"], "condition": ["ptsd", "anxiety"],
        "payment": "tricare-va", "language": "es", "telehealth": "true", "verified": "1", "q": "harbor",
        "accepting_new_patients": "true", "city": "atlanta-ga",
    }  # fmt: skip
    assert slugs(client.get(API, query)) == ["match"]


def test_pagination_keeps_every_filter_and_walks_all_results(client, clinic_at):
    for index in range(7):
        clinic_at(1 + index, bearing=index * 40, slug=f"c{index}", conditions=["ptsd"])
    clinic_at(2, slug="other-condition", conditions=["ocd"])
    query = {"near": "30303", "condition": "ptsd", "page_size": "3"}
    first = client.get(API, query).json()
    assert first["count"] == 7 and first["previous"] is None and len(first["results"]) == 3
    seen = [c["slug"] for c in first["results"]]
    next_url = first["next"]
    assert next_url.startswith("http://testserver/api/clinics/?")
    for expected in ("near=30303", "condition=ptsd", "page_size=3", "page=2"):
        assert expected in next_url
    second = client.get(next_url).json()
    seen += [c["slug"] for c in second["results"]]
    assert "page=1" in second["previous"] and "condition=ptsd" in second["previous"]
    third = client.get(second["next"]).json()
    seen += [c["slug"] for c in third["results"]]
    assert third["next"] is None
    assert seen == [f"c{i}" for i in range(7)]
    distances = [c["distance_miles"] for c in first["results"] + second["results"] + third["results"]]
    assert distances == sorted(distances)


def test_page_size_defaults_to_20(client, atlanta):
    ClinicFactory.create_batch(23, city=atlanta)
    body = client.get(API).json()
    assert body["count"] == 23 and len(body["results"]) == 20
    assert len(client.get(API, {"page": "2"}).json()["results"]) == 3


def test_empty_result_is_page_one_not_an_error(client, db):
    assert client.get(API, {"near": "90012"}).json() == {"count": 0, "next": None, "previous": None, "results": []}


def test_repeated_single_value_parameters_use_the_last_one(client, clinic_at):
    clinic_at(1, slug="atl")
    response = client.get(API, {"near": ["90012", "30303"], "page": ["3", "1"]})
    assert slugs(response) == ["atl"]


def test_unknown_parameters_are_ignored(client, clinic_at):
    clinic_at(1, slug="atl")
    assert slugs(client.get(API, {"utm_source": "x", "colour": "\x00"})) == ["atl"]


def test_search_does_a_fixed_number_of_queries(client, atlanta, django_assert_max_num_queries):
    CityFactory(name="Decatur", state="GA")
    for _ in range(20):
        ClinicFactory(city=atlanta, treatments=["iv-infusion"], conditions=["ptsd"], languages=["es"])
    with django_assert_max_num_queries(10):
        assert len(client.get(API, {"near": "30303", "condition": "ptsd"}).json()["results"]) == 20


def test_open_now_filter_agrees_with_the_models_open_at(clinic_at):
    from directory.models import Clinic
    from directory.search.open_now import open_at_condition

    zones = ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "Pacific/Honolulu"]
    shapes = [[(0, "09:00", "17:00")], [(5, "10:00", "14:00"), (6, "00:00", "23:59")], [(2, "06:00", "22:00")], []]
    for index, zone in enumerate(zones):
        for shape_index, shape in enumerate(shapes):
            clinic = clinic_at(1 + index + shape_index / 10, timezone=zone)
            for weekday, opens, closes in shape:
                _open(clinic, weekday, opens, closes)
    start = datetime.datetime(2026, 11, 22, 0, 0, tzinfo=datetime.UTC)
    for hours in range(0, 24 * 8, 3):
        moment = start + datetime.timedelta(hours=hours, minutes=7)
        expected = set(Clinic.objects.open_at(moment).values_list("pk", flat=True))
        assert set(Clinic.objects.filter(open_at_condition(moment)).values_list("pk", flat=True)) == expected
        closed = set(Clinic.objects.filter(~open_at_condition(moment)).values_list("pk", flat=True))
        assert closed == set(Clinic.objects.values_list("pk", flat=True)) - expected
