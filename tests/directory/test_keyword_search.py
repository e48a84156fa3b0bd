"""Keyword search (`q`) through the full-text index, on SQLite (FTS5) and PostgreSQL (tsvector + GIN)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from directory import geo
from directory.models import City, Clinic, Treatment
from directory.search import fulltext
from directory.search.fulltext import areas, postgresql, sqlite
from tests.factories import CityFactory, ClinicFactory

API = "/api/clinics/"
pytestmark = pytest.mark.django_db


def names(client, **params) -> list[str]:
    response = client.get(API, params)
    assert response.status_code == 200, response.content
    return [row["name"] for row in response.json()["results"]]


def test_every_word_must_match_in_name_place_services_or_description(client):
    ClinicFactory(name="Harbor Light Ketamine", description="Calm rooms.", treatments=["iv-infusion"])
    ClinicFactory(name="Quiet Pines", description="Ketamine-assisted therapy in a calm setting.")
    ClinicFactory(name="Elm Street Psychiatry", description="Talk therapy only.")
    assert names(client, q="ketamine") == ["Harbor Light Ketamine", "Quiet Pines"]
    assert names(client, q="calm ketamine") == ["Harbor Light Ketamine", "Quiet Pines"]
    assert names(client, q="ketamine infusion") == ["Harbor Light Ketamine"]  # "IV infusion" is a service
    assert names(client, q="atlanta psychiatry") == ["Elm Street Psychiatry"]  # the city is indexed
    assert names(client, q="30303 talk") == ["Elm Street Psychiatry"]  # and the ZIP code


def test_words_are_stemmed_folded_and_the_last_may_be_a_prefix(client):
    ClinicFactory(name="Peachtree Infusions", description="Ketamine infusion for depression.")
    ClinicFactory(name="Other Place", description="Nothing relevant.")
    assert names(client, q="INFUSION") == ["Peachtree Infusions"]
    assert names(client, q="infusions") == ["Peachtree Infusions"]
    assert names(client, q="peach") == ["Peachtree Infusions"]  # typing the start of a word finds it
    assert names(client, q="Péachtree") == ["Peachtree Infusions"]


def test_a_last_word_of_one_or_two_letters_is_a_whole_word(client):
    ClinicFactory(name="Peach Coast Clinic")
    assert names(client, q="peach coa") == ["Peach Coast Clinic"]
    assert names(client, q="peach co") == []  # "co" as typed (a state, say), not every word starting "co"


def test_a_last_word_that_already_matches_many_clinics_is_taken_as_typed(client, monkeypatch):
    monkeypatch.setattr(fulltext, "WHOLE_WORDS", 2)
    ClinicFactory(name="Peachtree Infusions")
    ClinicFactory(name="Peach Orchard Clinic")
    assert sorted(names(client, q="peach")) == ["Peach Orchard Clinic", "Peachtree Infusions"]  # 1 < 2 as typed
    ClinicFactory(name="Peach Valley Clinic")  # a write starts a new generation: the rule is asked again
    assert sorted(names(client, q="peach")) == ["Peach Orchard Clinic", "Peach Valley Clinic"]  # 2 as typed
    assert names(client, q="peachtr") == ["Peachtree Infusions"]  # a word not finished still finds its ends


def test_a_name_match_comes_before_a_description_match(client):
    ClinicFactory(name="A Clinic", description="We also offer spravato for some patients.")
    ClinicFactory(name="Spravato Center", description="Nasal spray treatment.")
    assert names(client, q="spravato") == ["Spravato Center", "A Clinic"]
    # Asked to, the same matches come by name.
    assert names(client, q="spravato", sort="name") == ["A Clinic", "Spravato Center"]


@pytest.mark.parametrize("text", ['"', "OR", "NEAR(a b", "*", "^x", "a AND", "'); DROP TABLE x; --", "ñ:*&|!"])
def test_search_syntax_in_a_keyword_is_plain_text(client, text):
    ClinicFactory(name="Harbor Light Ketamine")
    response = client.get(API, {"q": text})
    assert response.status_code == 200, response.content
    assert Clinic.objects.count() == 1


def test_a_keyword_of_stop_words_or_punctuation_narrows_nothing(client):
    ClinicFactory(name="Harbor Light Ketamine")
    ClinicFactory(name="Quiet Pines")
    assert len(names(client, q="the of ...")) == 2
    assert fulltext.search_terms("The  Best, of-Atlanta!!") == ["best", "atlanta"]


def test_keyword_combines_with_filters_and_near(client, clinic_at):
    near = clinic_at(3, name="Near Ketamine", treatments=["esketamine-nasal-spray"])
    clinic_at(4, name="Near Ketamine Telehealth", telehealth=True)
    clinic_at(60, name="Far Ketamine")
    clinic_at(2, name="Near Psychiatry")
    assert names(client, q="ketamine", near="30303", radius=10) == ["Near Ketamine", "Near Ketamine Telehealth"]
    assert names(client, q="ketamine", telehealth="true") == ["Near Ketamine Telehealth"]
    assert names(client, q="ketamine", treatment="esketamine-nasal-spray") == [near.name]
    response = client.get(API, {"q": "ketamine", "near": "30303", "radius": 100})
    assert response.json()["count"] == 3
    assert [row["name"] for row in response.json()["results"]][-1] == "Far Ketamine"  # nearest first with a place


def test_best_match_needs_a_keyword(client):
    response = client.get(API, {"sort": "relevance"})
    assert response.status_code == 400
    assert "keyword" in response.json()["errors"]["sort"][0]


def indexed(text: str) -> list[str]:
    """Names of the clinics the index matches, read without the search's caches."""
    matches = fulltext.matching(Clinic.objects.all(), fulltext.search_terms(text))
    return list(matches.order_by("name").values_list("name", flat=True))


class TestTheIndexFollowsTheClinicRows:
    """Plain ORM writes, as a shell or a data migration makes them: the triggers keep the index right."""

    def test_a_new_renamed_unpublished_and_deleted_clinic(self):
        clinic = ClinicFactory(name="Harbor Light")
        assert indexed("harbor") == ["Harbor Light"]
        clinic.name = "Lantern House"
        clinic.save()
        assert indexed("harbor") == []
        assert indexed("lantern") == ["Lantern House"]
        clinic.published = False
        clinic.save()
        assert indexed("lantern") == []
        clinic.published = True
        clinic.save()
        assert indexed("lantern") == ["Lantern House"]
        clinic.delete()
        assert fulltext.count(["lantern"]) == 0

    def test_treatments_conditions_and_renamed_lookups(self):
        clinic = ClinicFactory(name="Harbor Light")
        assert indexed("spravato") == []
        clinic.treatments.add(Treatment.objects.get(slug="esketamine-nasal-spray"))
        assert indexed("spravato") == ["Harbor Light"]
        clinic.treatments.clear()
        assert indexed("spravato") == []
        clinic.conditions.set(clinic.conditions.model.objects.filter(slug="ptsd"))
        assert indexed("ptsd") == ["Harbor Light"]
        Treatment.objects.filter(slug="iv-infusion").update(name="Intravenous drip")
        clinic.treatments.add(Treatment.objects.get(slug="iv-infusion"))
        assert indexed("drip") == ["Harbor Light"]

    def test_a_city_renamed_or_a_clinic_moved(self):
        clinic = ClinicFactory(name="Harbor Light")
        City.objects.filter(pk=clinic.city_id).update(name="Decatur")
        assert indexed("decatur") == ["Harbor Light"]
        clinic.city = CityFactory(name="Marietta", state="GA", slug="marietta-ga")
        clinic.save()
        assert indexed("decatur") == []
        assert indexed("marietta") == ["Harbor Light"]

    def test_a_bulk_insert_is_indexed_once_it_ends(self):
        call_command("generate_clinics", count=30, seed=5, stdout=open("/dev/null", "w"))
        assert fulltext.count(["fictional"]) == Clinic.objects.filter(published=True).count()
        assert set(_trigger_names()) >= set(_expected_trigger_names())  # set aside, then put back


def _expected_trigger_names() -> list[str]:
    return (postgresql if connection.vendor == "postgresql" else sqlite).trigger_names()


def _trigger_names() -> list[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return [row[0] for row in cursor.fetchall()]


def test_every_trigger_survives_the_migrations():
    """A later migration that rebuilds the clinic table (SQLite does for many changes) drops its triggers."""
    assert set(_expected_trigger_names()) <= set(_trigger_names())


def test_a_broad_keyword_lists_in_index_order_and_counts_from_the_index(client, monkeypatch):
    monkeypatch.setattr(fulltext, "RANK_LIMIT", 2)
    for number in range(4):
        ClinicFactory(name=f"Ketamine Clinic {number}")
    hidden = ClinicFactory(name="Ketamine Hidden", published=False)
    response = client.get(API, {"q": "ketamine", "page_size": 2, "page": 2})
    assert response.json()["count"] == 4
    assert [row["name"] for row in response.json()["results"]] == ["Ketamine Clinic 2", "Ketamine Clinic 3"]
    assert hidden.name not in names(client, q="ketamine hidden")


def test_keyword_near_keeps_exactly_the_clinics_of_the_circle(clinic_at):
    """The grid cells of the index only ever hold more than the circle: the answer is the one without them."""
    for number in range(48):
        clinic_at(1.5 * number, bearing=number * 37 % 360, name=f"Ketamine {number}")
        clinic_at(0.1 * number, bearing=number * 53 % 360, name=f"Ketamine near {number}")
    origin = geo.Point(33.7525, -84.3888)
    for miles in (0.5, 1, 3, 4, 10, 16, 25, 40, 70):  # the small cells, then the middle ones
        circle = Clinic.objects.near(origin, miles)
        with_cells = fulltext.matching(circle, ["ketamine"], near=(origin, miles))
        assert areas.cells_covering(origin, miles)  # the cells are really used at these radii
        assert set(with_cells) == set(fulltext.matching(circle, ["ketamine"]))
        assert with_cells.count() == circle.count() > 0


def test_a_moved_clinic_is_found_in_its_new_cells():
    clinic = ClinicFactory(name="Harbor Light")
    los_angeles = geo.Point(34.0522, -118.2437)
    near_la = Clinic.objects.near(los_angeles, 10)
    assert list(fulltext.matching(near_la, ["harbor"], near=(los_angeles, 10))) == []
    Clinic.objects.filter(pk=clinic.pk).update(latitude=los_angeles.latitude, longitude=los_angeles.longitude)
    assert list(fulltext.matching(near_la, ["harbor"], near=(los_angeles, 10))) == [clinic]


def test_a_circle_too_wide_for_few_cells_is_not_cut_to_cells():
    assert areas.cells_covering(geo.Point(39.8, -98.6), 2500) is None
    assert len(areas.cells_covering(geo.Point(39.8, -98.6), 500)) <= areas.MAX_CELLS
