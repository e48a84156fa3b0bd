"""Issue 13, finding 6: /admin/r/<ct>/<id>/ leaked unpublished slugs to any staff user and 500'd on UUID keys."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django_tasks_db.models import DBTaskResult

from directory.models import Clinic
from referrals.models import Referral
from tests.security.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    w = build_world()
    w.clinic_a.published = False
    w.clinic_a.slug = "alpha-unannounced-secret-slug"
    w.clinic_a.save()
    ContentType.objects.clear_cache()
    return w


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def shortcut(model, pk) -> str:
    return f"/admin/r/{ContentType.objects.get_for_model(model).pk}/{pk}/"


def test_another_clinics_staff_cannot_learn_an_unpublished_slug(world):
    response = as_user(world.staff_b).get(shortcut(Clinic, world.clinic_a.pk))
    assert response.status_code == 404
    assert "unannounced" not in response.content.decode() and "unannounced" not in response.get("Location", "")


def test_those_who_may_see_the_listing_are_sent_to_its_page(world):
    for user in (world.staff_a, world.site_staff, world.superuser):
        response = as_user(user).get(shortcut(Clinic, world.clinic_a.pk))
        assert response.status_code == 302 and response["Location"] == "/clinics/alpha-unannounced-secret-slug/"


@pytest.mark.parametrize("object_id", ["not-a-uuid", "1", "3d79533e-f5cd-449d-9dbb-d97a92c119b9", "%00", "9" * 30])
def test_malformed_or_missing_task_result_ids_are_404_not_500(world, object_id):
    response = as_user(world.superuser).get(shortcut(DBTaskResult, object_id))
    assert response.status_code == 404


@pytest.mark.parametrize("path", ["/admin/r/abc/1/", "/admin/r/999999/1/", f"/admin/r/{'9' * 30}/1/"])
def test_malformed_content_types_are_404(world, path):
    assert as_user(world.superuser).get(path).status_code == 404


def test_objects_without_a_public_page_are_404(world):
    assert as_user(world.superuser).get(shortcut(Referral, world.referral_a.pk)).status_code == 404


def test_anonymous_visitors_are_sent_to_the_admin_login(world):
    response = Client().get(shortcut(Clinic, world.clinic_a.pk))
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert "unannounced" not in response["Location"]
