"""A search near a place with other filters counts and lists its page in one query, with the same answer."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory import geo
from tests.directory.conftest import ATLANTA_30303

pytestmark = pytest.mark.django_db
API = "/api/clinics/"


def test_count_order_and_pages_match_the_clinics_in_the_circle(client, clinic_at):
    expected = []
    for number in range(30):
        clinic = clinic_at(0.5 + number, bearing=number * 47 % 360, telehealth=number % 3 != 0, name=f"C{number:02d}")
        if clinic.telehealth and geo.great_circle_miles(ATLANTA_30303, clinic.point) <= 20:
            expected.append(clinic.name)
    params = {"near": "30303", "radius": 20, "telehealth": "true", "page_size": 5}
    first = client.get(API, params).json()
    assert first["count"] == len(expected) > 10
    names = [row["name"] for row in first["results"]]
    for page in range(2, (len(expected) + 4) // 5 + 1):
        names += [row["name"] for row in client.get(API, {**params, "page": page}).json()["results"]]
    assert names == expected  # nearest first (the clinics were made nearer first), every one once
    past = client.get(API, {**params, "page": 9})
    assert past.status_code == 400 and "page" in past.json()["errors"]


def test_a_new_filtered_search_near_a_place_runs_one_query_for_count_and_page(client, clinic_at):
    for number in range(5):
        clinic_at(number + 1, telehealth=True)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(API, {"near": "30303", "telehealth": "true"})
    assert response.json()["count"] == 5
    counting = [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len(counting) == 1 and "OVER ()" in counting[0]  # the page came with the count
