"""Search counts and pages are remembered, and forgotten as soon as a write path changes the listings.

Writers say so themselves (directory.listing_version): the admin's saves, deletes and actions,
the import and availability services, generate_clinics and migrate. These tests write through
those paths, so each would fail if its writer forgot to.
"""

from __future__ import annotations

import io
import re

import pytest
from django.apps import apps
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models.signals import post_migrate
from django.test import Client
from django.test.utils import CaptureQueriesContext

from directory import listing_version
from directory.admin.actions import unpublish_clinics
from directory.availability import record_availability
from directory.importing import import_clinics_csv
from directory.models import Clinic, Condition, ProblemReport, Treatment, TreatmentAvailability
from tests.directory.admin_world import change_form_data
from tests.factories import ClinicFactory

pytestmark = pytest.mark.django_db

API = "/api/clinics/"


def count_of(client, params: dict) -> tuple[int, int]:
    """(the API's count, how many COUNT queries answering it ran)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(API, params)
    assert response.status_code == 200, response.content
    counting = sum("COUNT(" in query["sql"].upper() for query in captured.captured_queries)
    return response.json()["count"], counting


def test_a_repeated_search_is_not_counted_again(client, clinic_at):
    for miles in (1, 2, 3):
        clinic_at(miles)
    assert count_of(client, {"near": "30303"}) == (3, 1)
    assert count_of(client, {"near": "30303"}) == (3, 0)
    assert count_of(client, {"near": "30303", "radius": 2.5}) == (2, 1)  # another query, another count


def test_a_new_clinic_is_counted_at_once(client, clinic_at):
    clinic_at(1)
    assert count_of(client, {"near": "30303"})[0] == 1
    clinic_at(2)
    assert count_of(client, {"near": "30303"}) == (2, 1)


def test_admin_saves_and_deletes_are_counted_at_once(client, clinic_at, admin_user):
    first, second = clinic_at(1), clinic_at(2)
    assert count_of(client, {"near": "30303"})[0] == 2
    admin = Client()
    admin.force_login(admin_user)
    url = f"/admin/directory/clinic/{first.pk}/change/"
    saved = admin.post(url, change_form_data(admin.get(url), published=None))  # the box unticked
    assert saved.status_code == 302, saved.content[:2000]
    assert count_of(client, {"near": "30303"})[0] == 1
    deleted = admin.post(f"/admin/directory/clinic/{second.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302
    assert count_of(client, {"near": "30303"})[0] == 0


def test_an_import_is_counted_at_once(client, clinic_at):
    clinic = clinic_at(1)
    assert count_of(client, {"q": "Imported"})[0] == 0
    csv = f"name,slug,city,state,zip_code,published\nImported Clinic,{clinic.slug},Atlanta,GA,30303,true\n"
    report = import_clinics_csv(file=io.BytesIO(csv.encode()))
    assert report.updated == [clinic.slug], report.errors
    assert count_of(client, {"q": "Imported"}) == (1, 1)


def test_the_admin_moderation_action_is_counted_at_once(client, clinic_at, rf, admin_user):
    clinic = clinic_at(1)
    assert count_of(client, {"near": "30303"})[0] == 1

    class ModelAdmin:
        def message_user(self, *args, **kwargs):
            pass

    request = rf.post("/admin/directory/clinic/")
    request.user = admin_user
    unpublish_clinics(ModelAdmin(), request, Clinic.objects.filter(pk=clinic.pk))  # bulk_update_with_history
    assert count_of(client, {"near": "30303"})[0] == 0


def test_availability_changes_are_counted_at_once(client, clinic_at, frozen_now):
    clinic = clinic_at(1, treatments=["iv-infusion"])
    assert count_of(client, {"near": "30303", "available_within": 30})[0] == 0
    row = TreatmentAvailability(
        clinic=clinic, treatment=Treatment.objects.get(slug="iv-infusion"), status="open",
        next_opening=frozen_now.return_value.date(),
    )  # fmt: skip
    record_availability(row, by=None, now=frozen_now.return_value)
    assert count_of(client, {"near": "30303", "available_within": 30}) == (1, 1)


def test_generated_clinics_are_counted_at_once(client):
    call_command("generate_clinics", count=20, seed=3, verbosity=0)
    before = count_of(client, {})[0]
    assert before == Clinic.objects.published().count()
    call_command("generate_clinics", count=20, seed=3, verbosity=0)  # bulk SQL, no model signals
    after = Clinic.objects.published().count()
    assert after > before and count_of(client, {}) == (after, 1)


def test_an_answer_of_another_generation_is_never_read():
    assert listing_version.cached_answer("k", lambda: 1) == 1
    assert listing_version.cached_answer("k", lambda: 2) == 1  # remembered
    listing_version.listings_changed()
    assert listing_version.cached_answer("k", lambda: 3) == 3


def test_the_generation_is_never_reused_after_it_is_lost():
    first = listing_version.generation()
    caches["listings"].delete(listing_version.GENERATION_KEY)  # evicted, or the cache restarted
    second = listing_version.generation()
    assert second != first and listing_version.generation() == second


@pytest.mark.django_db(transaction=True)  # a real commit, so on_commit callbacks run as in production
def test_a_transaction_changes_the_generation_at_once_and_again_at_commit():
    before = listing_version.generation()
    with transaction.atomic():
        ClinicFactory()
        ClinicFactory()
        during = listing_version.generation()
        assert during != before
        queued = [entry[1] for entry in connection.run_on_commit]
        assert queued.count(listing_version._bump) == 1  # once per transaction, however many writes
    assert listing_version.generation() not in (before, during)


def test_the_cached_filter_panel_follows_the_choices_the_language_and_the_lookups(client, clinic_at, admin_user):
    clinic_at(1)
    checked = re.compile(r'<input type="checkbox" name="condition" value="ptsd" id="[^"]+" checked')
    assert not checked.search(client.get("/clinics/", {"near": "30303"}).content.decode())
    assert checked.search(client.get("/clinics/", {"near": "30303", "condition": "ptsd"}).content.decode())
    assert not checked.search(client.get("/clinics/", {"near": "30303"}).content.decode())  # a plain search's panel

    with CaptureQueriesContext(connection) as warm:
        client.get("/clinics/", {"near": "30303"})
    lists = ("directory_condition", "directory_treatment", "directory_paymentoption", "directory_language")
    assert not any(f'FROM "{table}" ORDER BY' in q["sql"] for q in warm.captured_queries for table in lists)

    spanish = client.get("/clinics/", {"near": "30303"}, headers={"accept-language": "es"}).content.decode()
    assert "Más filtros" in spanish and "More filters" not in spanish

    warm_page = client.get("/clinics/", {"near": "30303"}).content.decode()
    assert '<details class="more-filters">' in warm_page  # the cached panel is markup, not escaped text

    admin = Client()
    admin.force_login(admin_user)
    condition = Condition.objects.get(slug="ptsd")
    url = f"/admin/directory/condition/{condition.pk}/change/"
    renamed = admin.post(url, change_form_data(admin.get(url), name="Post-traumatic stress (renamed)"))
    assert renamed.status_code == 302
    assert "Post-traumatic stress (renamed)" in client.get("/clinics/", {"near": "30303"}).content.decode()


def test_a_search_with_errors_shows_its_messages_in_the_panel(client, clinic_at):
    clinic_at(1)
    client.get("/clinics/", {"near": "30303", "condition": "ptsd"})
    response = client.get("/clinics/", {"near": "30303", "condition": "ptsd", "telehealth": "perhaps"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'aria-describedby="f-telehealth_error"' in page and '<p class="field-error" id="f-telehealth_error">' in page


def test_migrate_and_flush_change_the_generation():
    before = listing_version.generation()
    post_migrate.send(
        sender=apps.get_app_config("directory"), app_config=apps.get_app_config("directory"), using="default"
    )
    assert listing_version.generation() != before


def test_a_problem_report_leaves_the_cached_answers_alone(client, clinic_at):
    clinic = clinic_at(1)
    before = listing_version.generation()
    response = client.post(clinic.get_absolute_url() + "report/", {"kind": "wrong_phone", "details": "Wrong phone."})
    assert response.status_code in (200, 302) and ProblemReport.objects.filter(clinic=clinic).exists()
    assert listing_version.generation() == before


class BrokenCache:
    """A cache whose server is down: every call raises, as django's Redis backend does."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("cache server down")

        return fail


def test_a_cache_outage_never_takes_searches_or_writes_down(client, clinic_at, monkeypatch):
    monkeypatch.setattr(listing_version, "listings_cache", lambda: BrokenCache())
    clinic = clinic_at(1)  # the write goes on
    clinic_at(2)
    assert count_of(client, {"near": "30303"}) == (2, 1)
    assert count_of(client, {"near": "30303"}) == (2, 1)  # nothing remembered, nothing wrong
    page = client.get("/clinics/", {"near": "30303", "condition": "ptsd"})
    assert page.status_code == 200 and '<details class="more-filters" open>' in page.content.decode()
    assert client.get("/").status_code == 200
    Clinic.objects.filter(pk=clinic.pk).update(published=False)
    assert count_of(client, {"near": "30303"})[0] == 1
