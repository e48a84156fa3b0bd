"""The referrer is told once when the clinic has not opened a referral within 2 business days."""

from datetime import datetime, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from referrals.models import Referral
from referrals.reminders import add_business_days, run_reminders
from referrals.services import change_status
from referrals.tasks import send_reminders

from .helpers import PATIENT_SECRETS

FRIDAY = timezone.make_aware(datetime(2026, 11, 27, 10, 0))


def test_two_business_days_skip_the_weekend():
    assert add_business_days(FRIDAY, 2) == timezone.make_aware(datetime(2026, 12, 1, 10, 0))  # Tuesday
    wednesday = timezone.make_aware(datetime(2026, 11, 25, 9, 30))
    assert add_business_days(wednesday, 2) == FRIDAY.replace(hour=9, minute=30)


def referrer_mails(outbox, referrer):
    return [m for m in outbox if m.to == [referrer.email]]


@pytest.mark.django_db
def test_referrer_is_told_after_two_business_days_once(make_referral, referrer, mailoutbox, settings):
    settings.SITE_URL = "http://site.example"
    referral, _ = make_referral(referrer=referrer)
    Referral.objects.filter(pk=referral.pk).update(created_at=FRIDAY)
    monday = FRIDAY + timedelta(days=3)
    assert run_reminders(now=monday).referrers_told == 0
    assert referrer_mails(mailoutbox, referrer) == []
    tuesday = FRIDAY + timedelta(days=4, minutes=1)
    assert run_reminders(now=tuesday).referrers_told == 1
    [message] = referrer_mails(mailoutbox, referrer)
    assert message.subject == "The clinic has not opened your referral yet"
    assert f"http://site.example/referrals/{referral.pk}/" in message.body
    assert "Peachtree Imaginary Ketamine" in message.body
    for secret in PATIENT_SECRETS:
        assert secret not in message.body
    assert run_reminders(now=tuesday + timedelta(days=2)).referrers_told == 0  # once only


@pytest.mark.django_db
def test_opened_referrals_and_self_referrals_tell_no_referrer(make_referral, referrer, clinic_staff, mailoutbox):
    opened, _ = make_referral(referrer=referrer)
    change_status(referral=opened, to_status="viewed", by=clinic_staff)
    make_referral()
    Referral.objects.update(created_at=FRIDAY)
    assert run_reminders(now=FRIDAY + timedelta(days=10)).referrers_told == 0
    assert referrer_mails(mailoutbox, referrer) == []


@pytest.mark.django_db
def test_referrer_notice_in_the_referral_language(make_referral, referrer, mailoutbox):
    with translation.override("es"):
        referral, _ = make_referral(referrer=referrer)
    Referral.objects.filter(pk=referral.pk).update(created_at=FRIDAY)
    run_reminders(now=FRIDAY + timedelta(days=7))
    [message] = referrer_mails(mailoutbox, referrer)
    assert message.subject == "La clínica aún no ha abierto su derivación"


@pytest.mark.django_db
def test_reminders_run_as_a_task_and_as_the_command(make_referral, referrer, mailoutbox, capsys):
    referral, _ = make_referral(referrer=referrer)
    Referral.objects.filter(pk=referral.pk).update(created_at=timezone.now() - timedelta(days=9))
    result = send_reminders.enqueue()
    assert result.return_value == 2  # the clinic reminded of one referral, one referrer told
    call_command("send_referral_reminders", "--dry-run")
    out = capsys.readouterr().out
    assert "Would tell 0 referrer(s)" in out
