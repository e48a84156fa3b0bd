"""Unfiltered lists and their deep pages read the (published, name, id) index, not the table."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import Clinic
from tests.factories import ClinicFactory

pytestmark = pytest.mark.django_db


def plans(client, path: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, response.content
    found = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            if query["sql"].startswith('SELECT "directory_clinic"."id"') and "LIMIT" in query["sql"]:
                cursor.execute("EXPLAIN QUERY PLAN " + query["sql"])
                found.append(" ".join(str(row[-1]) for row in cursor.fetchall()))
    return found


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan")
@pytest.mark.parametrize("path", ["/api/clinics/?page_size=2&page=3", "/api/clinics/?sort=name&page_size=2&page=2"])
def test_the_page_keys_come_from_the_covering_index_without_a_sort(client, path):
    for n in range(6):
        ClinicFactory(name=f"Clinic {n}")
    [plan] = plans(client, path)
    assert "COVERING INDEX clinic_published_name_id" in plan and "TEMP B-TREE" not in plan, plan


def test_deep_pages_are_in_name_order_and_past_the_end_is_a_400(client):
    for n in (3, 1, 4, 0, 2):
        ClinicFactory(name=f"Clinic {n}")
    ClinicFactory(name="Clinic 9", published=False)
    names = [
        row["name"]
        for page in (1, 2, 3)
        for row in client.get("/api/clinics/", {"page_size": 2, "page": page}).json()["results"]
    ]
    assert names == [f"Clinic {n}" for n in range(5)]
    past = client.get("/api/clinics/", {"page_size": 2, "page": 4})
    assert past.status_code == 400 and "the last page is 3" in past.json()["errors"]["page"][0]


@pytest.mark.parametrize("by_city", [False, True])
def test_pages_past_the_middle_read_from_the_end_and_equal_the_name_order(client, atlanta, by_city):
    params = {"city": atlanta.slug} if by_city else {}
    for n in (5, 3, 1, 4, 0, 2, 6):
        ClinicFactory(name=f"Clinic {n % 3}", city=atlanta)  # names tie: the key breaks ties, both ways alike
    expected = list(Clinic.objects.order_by("name", "pk").values_list("name", "slug"))
    for size in (1, 2, 3, 5):
        rows = []
        for page in range(1, (len(expected) + size - 1) // size + 1):
            body = client.get("/api/clinics/", {**params, "page_size": size, "page": page}).json()
            rows += [(row["name"], row["slug"]) for row in body["results"]]
        assert rows == expected, size


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan")
def test_the_last_page_walks_the_index_from_the_end(client):
    for n in range(6):
        ClinicFactory(name=f"Clinic {n}")
    [plan] = plans(client, "/api/clinics/?page_size=2&page=3")
    assert "COVERING INDEX clinic_published_name_id" in plan and "TEMP B-TREE" not in plan, plan
