"""SQL queries per request stay fixed as the data grows, so an N+1 cannot come back unnoticed.

Each test measures a request with a few rows and again with many more: the counts
must not grow, and stay below a pinned ceiling (django_assert_max_num_queries).
"""

from __future__ import annotations

import datetime
import json

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from directory.availability import record_availability
from directory.models import ClinicMembership, OpeningHours, ProblemReport, Treatment, TreatmentAvailability
from referrals.services import create_referral
from tests.factories import CityFactory, ClinicFactory, UserFactory
from tests.referrals.helpers import PATIENT, suitable_answers

ADMIN_MODELS = sorted(
    (model._meta.app_label, model._meta.model_name)
    for model in admin.site._registry
    if model._meta.app_label in {"directory", "referrals"}
)


class World:
    """Clinics near Atlanta (30303) with everything a page shows: lookups, hours, staff, reports, referrals."""

    def __init__(self) -> None:
        self.city = CityFactory(name="Atlanta", state="GA")
        self.staff = UserFactory(username="staff-of-many", is_staff=True)
        self.superuser = UserFactory(username="root-fictional", is_staff=True, is_superuser=True)
        self.clinics = []

    def add_clinics(self, count: int) -> None:
        for _ in range(count):
            n = len(self.clinics)
            clinic = ClinicFactory(
                city=self.city,
                latitude=33.7525 + n * 0.001,
                accepts_referrals=True,
                referral_email="intake@example.org",
                treatments=["iv-infusion", "esketamine-nasal-spray"],
                conditions=["depression", "ptsd"],
                payment_options=["self-pay", "medicare"],
                languages=["en", "es"],
            )
            for weekday in range(5):
                OpeningHours.objects.create(
                    clinic=clinic, weekday=weekday, opens=datetime.time(9), closes=datetime.time(17)
                )
            ClinicMembership.objects.create(user=self.staff, clinic=clinic)
            record_availability(  # issue 16: cards, the API and routing show availability
                TreatmentAvailability(
                    clinic=clinic,
                    treatment=Treatment.objects.get(slug="iv-infusion"),
                    status="open",
                    next_opening=datetime.date.today() + datetime.timedelta(days=n % 20),
                ),
                by=None,
                now=timezone.now(),
            )
            ProblemReport.objects.create(
                clinic=clinic, kind=ProblemReport.Kind.choices[0][0], details="The phone number is out of date."
            )
            create_referral(
                answers=suitable_answers(),
                clinic=clinic,
                patient=PATIENT,
                consent=True,
                note="Mornings are best.",
                referrer=None,
            )
            self.clinics.append(clinic)


@pytest.fixture
def world(db):
    return World()


def queries(client, path: str, *, body: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as captured:
        if body is None:
            response = client.get(path)
        else:
            response = client.post(path, data=json.dumps(body), content_type="application/json")
    assert response.status_code == 200, (path, response.status_code)
    return len(captured)


def assert_fixed(client, world: World, path: str, *, ceiling: int, body: dict | None = None, assert_max=None) -> None:
    world.add_clinics(3)
    few = queries(client, path, body=body)
    world.add_clinics(22)
    with assert_max(ceiling):
        many = queries(client, path, body=body)
    # Fewer is fine: a dense area finds its nearest page in a smaller circle (directory.search.nearest).
    assert many <= few, f"{path}: {few} queries with 3 clinics, {many} with 25"


PUBLIC_PAGES = [
    ("search page", "/clinics/?near=30303", 16),
    ("search page, filtered", "/clinics/?near=30303&condition=ptsd&treatment=iv-infusion&language=es", 16),
    ("city page", "/cities/atlanta-ga/", 16),
    ("JSON search", "/api/clinics/?near=30303", 10),
    ("JSON search, by name", "/api/clinics/?sort=name&payment=medicare", 10),
    ("search page, soonest", "/clinics/?near=30303&available_within=30&sort=soonest", 16),
    ("JSON search, soonest", "/api/clinics/?near=30303&available_within=30&treatment=iv-infusion&sort=soonest", 10),
]


@pytest.mark.parametrize(("name", "path", "ceiling"), PUBLIC_PAGES, ids=[p[0] for p in PUBLIC_PAGES])
def test_search_pages_and_api(client, world, name, path, ceiling, django_assert_max_num_queries):
    assert_fixed(client, world, path, ceiling=ceiling, assert_max=django_assert_max_num_queries)


def test_clinic_page_and_json(client, world, django_assert_max_num_queries):
    world.add_clinics(1)
    clinic = world.clinics[0]
    with django_assert_max_num_queries(8):
        queries(client, clinic.get_absolute_url())
    with django_assert_max_num_queries(8):
        queries(client, f"/api/clinics/{clinic.slug}/")


def test_prescreen_with_routing(client, world, django_assert_max_num_queries):
    body = {"answers": suitable_answers(), "near": "30303", "radius": 25}
    assert_fixed(client, world, "/api/prescreen/", ceiling=11, body=body, assert_max=django_assert_max_num_queries)
    assert len(client.post("/api/prescreen/", body, content_type="application/json").json()["clinics"]) == 20


def test_prescreen_with_routing_by_availability(client, world, django_assert_max_num_queries):
    body = {"answers": suitable_answers(), "near": "30303", "available_within": 30, "sort": "soonest"}
    assert_fixed(client, world, "/api/prescreen/", ceiling=11, body=body, assert_max=django_assert_max_num_queries)


@pytest.mark.parametrize(("app_label", "model_name"), ADMIN_MODELS, ids=[f"{a}.{m}" for a, m in ADMIN_MODELS])
@pytest.mark.parametrize("who", ["superuser", "staff"])
def test_admin_changelists(client, world, app_label, model_name, who, django_assert_max_num_queries):
    user = world.superuser if who == "superuser" else world.staff
    if who == "staff":
        from django.contrib.auth.models import Group

        from directory.tenancy import CLINIC_STAFF_GROUP

        user.groups.add(Group.objects.get(name=CLINIC_STAFF_GROUP))
    client.force_login(user)
    path = reverse(f"admin:{app_label}_{model_name}_changelist")
    world.add_clinics(3)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    if response.status_code == 403:
        pytest.skip(f"{who} may not see {app_label}.{model_name}")
    few = len(captured)
    world.add_clinics(22)
    with django_assert_max_num_queries(12):
        many = queries(client, path)
    # Fewer is fine: a dense area finds its nearest page in a smaller circle (directory.search.nearest).
    assert many <= few, f"{path}: {few} queries with 3 clinics, {many} with 25"
