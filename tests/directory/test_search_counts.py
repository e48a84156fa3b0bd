"""Search counts are remembered, and forgotten as soon as any listing changes, whatever wrote it."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models.signals import post_migrate
from django.test.utils import CaptureQueriesContext

from directory import listing_version
from directory.admin.actions import unpublish_clinics
from directory.models import Clinic, Condition, OpeningHours, ProblemReport, Treatment
from directory.search_counts import count_key, remembered_count
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


def test_updates_without_signals_are_counted_at_once(client, clinic_at):
    first, second = clinic_at(1), clinic_at(2)
    assert count_of(client, {"near": "30303"})[0] == 2
    Clinic.objects.filter(pk=first.pk).update(published=False)
    assert count_of(client, {"near": "30303"})[0] == 1
    Clinic.objects.filter(pk=second.pk).delete()
    assert count_of(client, {"near": "30303"})[0] == 0


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


def test_lookup_and_hours_changes_are_counted_at_once(client, clinic_at, frozen_now):
    clinic = clinic_at(1, conditions=["depression"])
    assert count_of(client, {"near": "30303", "condition": "ptsd"})[0] == 0
    clinic.conditions.add(Condition.objects.get(slug="ptsd"))  # m2m_changed
    assert count_of(client, {"near": "30303", "condition": "ptsd"})[0] == 1
    clinic.conditions.clear()
    assert count_of(client, {"near": "30303", "condition": "ptsd"})[0] == 0

    assert count_of(client, {"near": "30303", "open_now": "true"})[0] == 0
    OpeningHours.objects.create(clinic=clinic, weekday=0, opens="09:00", closes="17:00")  # Monday, 10:00 there
    assert count_of(client, {"near": "30303", "open_now": "true"})[0] == 1


def test_generated_clinics_are_counted_at_once(client):
    call_command("generate_clinics", count=20, seed=3, verbosity=0)
    before = count_of(client, {})[0]
    assert before == Clinic.objects.published().count()
    call_command("generate_clinics", count=20, seed=3, verbosity=0)  # bulk SQL, no model signals
    after = Clinic.objects.published().count()
    assert after > before and count_of(client, {}) == (after, 1)


def test_a_count_stored_under_another_version_is_ignored(clinic_at):
    clinic_at(1)
    queryset = Clinic.objects.published()
    assert remembered_count(queryset) == 1
    caches["listings"].set(count_key(queryset), ("an-older-version", 7), listing_version.ANSWER_SECONDS)
    assert remembered_count(Clinic.objects.published()) == 1


def test_the_version_token_is_never_reused_after_it_is_lost():
    first = listing_version.current_version()
    caches["listings"].delete(listing_version.VERSION_KEY)  # evicted, or the cache restarted
    second = listing_version.current_version()
    assert second != first and listing_version.current_version() == second


@pytest.mark.django_db(transaction=True)  # a real commit, so on_commit callbacks run as in production
def test_a_transaction_changes_the_version_at_once_and_again_at_commit():
    before = listing_version.current_version()
    with transaction.atomic():
        ClinicFactory()
        ClinicFactory()
        during = listing_version.current_version()
        assert during != before
        queued = [entry[1] for entry in connection.run_on_commit]
        assert queued.count(listing_version._replace_token) == 1  # once per transaction, however many writes
    assert listing_version.current_version() not in (before, during)


def test_the_cached_filter_panel_follows_the_choices_the_language_and_the_lookups(client, clinic_at):
    clinic_at(1)
    checked = '<input type="checkbox" name="condition" value="ptsd" checked'
    assert checked not in client.get("/clinics/", {"near": "30303"}).content.decode()
    assert checked in client.get("/clinics/", {"near": "30303", "condition": "ptsd"}).content.decode()
    assert checked not in client.get("/clinics/", {"near": "30303"}).content.decode()  # the panel of a plain search

    with CaptureQueriesContext(connection) as warm:
        client.get("/clinics/", {"near": "30303"})
    lists = ("directory_condition", "directory_treatment", "directory_paymentoption", "directory_language")
    assert not any(f'FROM "{table}" ORDER BY' in q["sql"] for q in warm.captured_queries for table in lists)

    spanish = client.get("/clinics/", {"near": "30303"}, headers={"accept-language": "es"}).content.decode()
    assert "Más filtros" in spanish and "More filters" not in spanish

    warm_page = client.get("/clinics/", {"near": "30303"}).content.decode()
    assert '<details class="more-filters">' in warm_page  # the cached panel is markup, not escaped text

    Condition.objects.filter(slug="ptsd").update(name="Post-traumatic stress (renamed)")  # no signal sent
    assert "Post-traumatic stress (renamed)" in client.get("/clinics/", {"near": "30303"}).content.decode()
    treatment = Treatment.objects.get(slug="iv-infusion")
    treatment.name = "Intravenous (renamed)"
    treatment.save()
    assert "Intravenous (renamed)" in client.get("/clinics/", {"near": "30303"}).content.decode()


def test_a_search_with_errors_shows_its_messages_in_the_panel(client, clinic_at):
    clinic_at(1)
    client.get("/clinics/", {"near": "30303", "condition": "ptsd"})
    response = client.get("/clinics/", {"near": "30303", "condition": "ptsd", "telehealth": "perhaps"})
    assert response.status_code == 400
    assert 'id="f-telehealth-error"' in response.content.decode()


def test_migrate_and_flush_change_the_version():
    before = listing_version.current_version()
    post_migrate.send(
        sender=apps.get_app_config("directory"), app_config=apps.get_app_config("directory"), using="default"
    )
    assert listing_version.current_version() != before


def test_a_problem_report_leaves_the_cached_answers_alone(clinic_at):
    clinic = clinic_at(1)
    before = listing_version.current_version()
    ProblemReport.objects.create(clinic=clinic, kind=ProblemReport.Kind.choices[0][0], details="Wrong phone number.")
    assert listing_version.current_version() == before


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
