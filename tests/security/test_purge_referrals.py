"""purge_referrals: finished referrals lose the patient's details after the retention period."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from referrals.models import Referral, ReferralAccessLog, ReferralStatusChange
from referrals.retention import purge_referrals
from referrals.services import change_status
from tests.security.world import SECRETS_A, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def age(referral: Referral, *, days: int) -> None:
    """Pretend every status change of this referral happened `days` ago."""
    ReferralStatusChange.objects.filter(referral=referral).update(at=timezone.now() - timedelta(days=days))


def finish(referral: Referral, by, *statuses: str) -> None:
    for status in statuses:
        change_status(referral=referral, to_status=status, by=by, note=f"Called Ottoline about {status}.")


def run(*args) -> str:
    out = StringIO()
    call_command("purge_referrals", *args, stdout=out)
    return out.getvalue()


def test_an_old_closed_referral_is_anonymised_and_keeps_its_outcome_and_history(world, settings):
    settings.REFERRAL_RETENTION_DAYS = 365
    referral = world.referral_a
    ReferralAccessLog.objects.create(referral=referral, user=world.staff_a, username="staff-a", at=timezone.now())
    finish(referral, world.staff_a, "contacted", "declined", "closed")
    age(referral, days=366)

    assert "Anonymised 1 referral(s)" in run()

    referral.refresh_from_db()
    for name in ("patient_first_name", "patient_last_name", "patient_email", "patient_phone", "note"):
        assert getattr(referral, name) == ""
    assert referral.answers == {} and referral.findings == {}
    assert referral.anonymised_at is not None
    assert (referral.status, referral.outcome, referral.clinic_id) == ("closed", "suitable", world.clinic_a.pk)
    assert referral.ruleset_version and referral.treatment_outcomes
    history = list(referral.status_changes.values_list("to_status", "note"))
    assert history == [("sent", ""), ("contacted", ""), ("declined", ""), ("closed", "")]
    assert referral.access_log.count() == 1  # the audit trail names staff only, so it stays
    stored = str(list(Referral.objects.filter(pk=referral.pk).values())) + str(history)
    assert not any(secret in stored for secret in SECRETS_A)


@pytest.mark.parametrize("status_path", [["treated"], ["declined"], ["no_capacity"], ["closed"]])
def test_every_finished_status_is_purged(world, status_path):
    if status_path == ["treated"]:
        status_path = ["scheduled", "treated"]
    finish(world.referral_a, world.staff_a, *status_path)
    age(world.referral_a, days=400)
    assert purge_referrals(now=timezone.now()).anonymised == 1


@pytest.mark.parametrize("status_path", [[], ["viewed"], ["contacted"], ["scheduled"]])
def test_open_referrals_are_kept_however_old(world, status_path):
    finish(world.referral_a, world.staff_a, *status_path)
    age(world.referral_a, days=4000)
    assert purge_referrals(now=timezone.now()).anonymised == 0
    world.referral_a.refresh_from_db()
    assert world.referral_a.patient_first_name == "Ottoline"


def test_the_clock_starts_at_the_last_status_change(world, settings):
    settings.REFERRAL_RETENTION_DAYS = 30
    finish(world.referral_a, world.staff_a, "declined")
    age(world.referral_a, days=100)
    change_status(referral=world.referral_a, to_status="closed", by=world.staff_a)  # today
    assert purge_referrals(now=timezone.now()).anonymised == 0
    assert purge_referrals(now=timezone.now() + timedelta(days=31)).anonymised == 1


def test_dry_run_changes_nothing_and_a_second_run_finds_nothing(world):
    finish(world.referral_a, world.staff_a, "closed")
    age(world.referral_a, days=366)
    assert "Would anonymise 1 referral(s)" in run("--dry-run")
    world.referral_a.refresh_from_db()
    assert world.referral_a.patient_last_name == "Quibblethwaite" and world.referral_a.anonymised_at is None
    assert "Anonymised 1 referral(s)" in run()
    assert "Anonymised 0 referral(s)" in run()


def test_days_option_and_setting(world, settings):
    finish(world.referral_a, world.staff_a, "closed")
    age(world.referral_a, days=40)
    settings.REFERRAL_RETENTION_DAYS = 365
    assert "Anonymised 0" in run()
    assert "Anonymised 1" in run("--days", "30")
    with pytest.raises(CommandError):
        run("--days", "0")


def test_expired_sessions_are_deleted(world):
    session = SessionStore()
    session["referrals.just_sent"] = {"id": world.referral_a.pk, "tracking_path": "/referrals/track/x/"}
    session.create()
    Session.objects.filter(session_key=session.session_key).update(expire_date=timezone.now() - timedelta(days=1))
    live = SessionStore()
    live.create()
    assert purge_referrals(now=timezone.now(), dry_run=True).expired_sessions == 1
    assert purge_referrals(now=timezone.now()).expired_sessions == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]


def test_anonymised_referrals_still_render_for_staff_patient_and_api(world):
    finish(world.referral_a, world.staff_a, "declined")
    age(world.referral_a, days=400)
    purge_referrals(now=timezone.now())
    assert Client().get(f"/referrals/track/{world.token_a}/").status_code == 200
    staff = Client()
    staff.force_login(world.staff_a)
    page = staff.get(f"/admin/referrals/referral/{world.referral_a.pk}/change/")
    assert page.status_code == 200
    assert not any(secret in page.content.decode() for secret in SECRETS_A)
    api = staff.get(f"/api/referrals/{world.referral_a.pk}/")
    assert api.status_code == 200 and api.json()["answers"] == {}
