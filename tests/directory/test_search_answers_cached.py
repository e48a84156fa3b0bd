"""A repeated search is answered from the cache without reading a clinic row, and never outlives the listings."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.listing_version import listings_changed
from directory.models import Clinic, OpeningHours

pytestmark = pytest.mark.django_db


def clinic_reads(client, path: str, **extra) -> tuple[object, int]:
    """(the response, how many queries read the clinic table)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, **extra)
    assert response.status_code == 200
    return response, sum('"directory_clinic"' in query["sql"] for query in captured.captured_queries)


def results_of(response) -> str:
    """The search's answer: the JSON, or the page's results section (the rest carries per-request tokens)."""
    text = response.content.decode()
    if response["Content-Type"].startswith("application/json"):
        return text
    return text[text.index('<section class="results"') : text.index("</section>")]


@pytest.mark.parametrize("path", ["/api/clinics/?near=30303", "/clinics/?near=30303", "/cities/atlanta-ga/"])
def test_a_repeated_search_reads_no_clinic_row_until_the_listings_change(client, clinic_at, path):
    clinic = clinic_at(2, name="Harbor Light")
    first, reads = clinic_reads(client, path)
    assert reads > 0 and "Harbor Light" in first.content.decode()
    again, reads = clinic_reads(client, path)
    assert reads == 0
    assert results_of(again) == results_of(first)
    Clinic.objects.filter(pk=clinic.pk).update(name="Lantern House")
    listings_changed()  # what every writer of listings calls
    changed, reads = clinic_reads(client, path)
    assert reads > 0 and "Lantern House" in changed.content.decode()


def test_each_language_host_and_query_string_gets_its_own_answer(client, clinic_at, settings):
    settings.ALLOWED_HOSTS = ["testserver", "example.org"]
    clinic_at(2, name="Harbor Light")
    english = client.get("/clinics/?near=30303").content.decode()
    spanish = client.get("/clinics/?near=30303", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "1 clinic within" in english and "1 clínica" in spanish
    api = client.get("/api/clinics/?near=30303", HTTP_HOST="example.org").json()
    assert api["results"][0]["url"].startswith("http://example.org/")
    assert client.get("/api/clinics/?near=30303").json()["results"][0]["url"].startswith("http://testserver/")


def test_open_now_on_a_card_is_never_older_than_the_minute(client, clinic_at, frozen_now):
    clinic = clinic_at(2, name="Harbor Light")
    monday = frozen_now.return_value
    OpeningHours.objects.create(clinic=clinic, weekday=monday.weekday(), opens="09:00", closes="10:30")
    listings_changed()
    assert 'badge-good">Open now' in client.get("/clinics/?near=30303").content.decode()
    frozen_now.return_value = monday + datetime.timedelta(minutes=45)  # 10:45, closed
    assert "Closed now" in client.get("/clinics/?near=30303").content.decode()


@pytest.mark.parametrize("path", ["/api/clinics/?near=30303&page_size=1", "/clinics/?near=30303&page_size=1"])
def test_a_repeated_request_is_answered_before_the_filters_are_built(client, clinic_at, monkeypatch, path):
    from directory.search import results

    clinic_at(2, name="Harbor Light")
    clinic_at(3, name="Lantern House")
    first = client.get(path)
    built = []
    real_filter = results.ClinicFilter

    def spy(*args, **kwargs):
        built.append(args)
        return real_filter(*args, **kwargs)

    monkeypatch.setattr(results, "ClinicFilter", spy)
    with CaptureQueriesContext(connection) as captured:
        again = client.get(path)
    assert again.status_code == 200 and built == [] and len(captured.captured_queries) == 0
    assert results_of(again) == results_of(first)
    for header in ("Link", "Count-Exact", "Content-Type"):
        assert again.get(header) == first.get(header)
    # Another query string is another answer: the filters are built for it.
    assert client.get(path + "&sort=name").status_code == 200
    assert len(built) == 1


def test_a_refused_search_is_not_kept(client, clinic_at):
    clinic_at(2, name="Harbor Light")
    assert client.get("/api/clinics/?near=30303&page=9").status_code == 400
    assert client.get("/api/clinics/?near=30303&page=9").status_code == 400
    assert client.get("/api/clinics/?near=30303").status_code == 200


def test_a_keyword_typed_another_way_is_the_same_search(client, clinic_at):
    clinic_at(2, name="Harbor Light Infusions")
    first = client.get("/api/clinics/?q=infusion").json()
    with CaptureQueriesContext(connection) as captured:
        again = client.get("/api/clinics/?q=INFUSION!").json()
    assert again["results"] == first["results"] and again["count"] == 1
    # The count and the page's keys are the first search's: the keyword index is not asked again.
    assert not any("directory_clinic_search" in query["sql"] for query in captured.captured_queries)
    page = client.get("/clinics/?q=INFUSION!").content.decode()
    assert 'value="INFUSION!"' in page  # the form shows what was typed


def test_another_search_showing_the_same_clinics_reads_none_of_their_rows(client, clinic_at):
    from django.core.cache import caches

    for miles, name in ((2, "Harbor Light"), (5, "Lantern House"), (9, "Beacon Rest")):
        clinic_at(miles, bearing=miles * 40, name=name)
    client.get("/api/clinics/?near=30303")
    with CaptureQueriesContext(connection) as captured:
        shared = client.get("/api/clinics/?near=30303&radius=30").json()
    assert not any('"directory_clinic"."slug"' in query["sql"] for query in captured.captured_queries)
    caches["listings"].clear()
    afresh = client.get("/api/clinics/?near=30303&radius=30").json()
    assert shared == afresh  # distances and their order worked out from the kept summaries, as from the rows
    assert [row["name"] for row in shared["results"]] == ["Harbor Light", "Lantern House", "Beacon Rest"]
    elsewhere = client.get("/api/clinics/?near=33.80,-84.30").json()
    assert [row["distance_miles"] for row in elsewhere["results"]] != [
        row["distance_miles"] for row in shared["results"]
    ]
