"""GET /api/clinics/<slug>/: the summary fields plus the clinic page's details."""

from __future__ import annotations

import datetime

import pytest

from directory.models import OpeningHours

pytestmark = pytest.mark.django_db


def test_detail_has_summary_fields_plus_details(client, clinic_at, frozen_now):
    clinic = clinic_at(
        1,
        slug="harbor",
        description="Fictional.",
        email="hello@harbor.example.org",
        price_from=450,
        price_to=700,
        medical_director="Dr. Ana Ruiz",
        medical_director_credential="MD, anesthesiology",
        rems_certified=True,
        verified=True,
        verified_at=datetime.date(2026, 2, 1),
        telehealth=True,
        treatments=["esketamine-nasal-spray"],
    )
    OpeningHours.objects.create(clinic=clinic, weekday=2, opens=datetime.time(13), closes=datetime.time(17))
    OpeningHours.objects.create(clinic=clinic, weekday=0, opens=datetime.time(9), closes=datetime.time(12, 30))
    listed = client.get("/api/clinics/").json()["results"][0]
    body = client.get("/api/clinics/harbor/").json()
    assert {key: body[key] for key in listed} == listed
    assert body["description"] == "Fictional."
    assert body["opening_hours"] == [
        {"weekday": 0, "day": "Monday", "opens": "09:00", "closes": "12:30"},
        {"weekday": 2, "day": "Wednesday", "opens": "13:00", "closes": "17:00"},
    ]
    assert body["medical_director"] == "Dr. Ana Ruiz, MD, anesthesiology"
    assert body["price_from"] == 450 and body["price_to"] == 700
    assert body["rems_certified"] is True and body["telehealth"] is True
    assert body["verified_at"] == "2026-02-01"
    assert body["email"] == "hello@harbor.example.org"
    assert body["open_now"] is True  # Monday 10:00 in Atlanta
    assert body["distance_miles"] is None


@pytest.mark.parametrize("slug", ["nope", "hidden", "UPPER-case"])
def test_unknown_or_unpublished_slug_is_a_json_404(client, clinic_at, slug):
    clinic_at(1, slug="hidden", published=False)
    response = client.get(f"/api/clinics/{slug}/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["errors"]["__all__"]


def test_malformed_slug_is_a_json_404(client, db):
    response = client.get("/api/clinics/not a slug!/")
    assert response.status_code == 404
    assert "errors" in response.json()
