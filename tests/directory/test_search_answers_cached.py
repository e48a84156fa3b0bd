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
