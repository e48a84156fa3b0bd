"""Emails through django-tasks, and the reminder command."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from referrals.models import Referral
from referrals.services import change_status

from .helpers import PATIENT_SECRETS


@pytest.fixture
def sent_referral(make_referral, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        referral, _ = make_referral()
    return referral


@pytest.mark.django_db
def test_clinic_is_told_a_referral_is_waiting_without_patient_details(sent_referral, mailoutbox):
    [mail] = [m for m in mailoutbox if m.to != ["zorblina.q@example.org"]]  # the patient gets the tracking link
    assert mail.to == ["intake@peachtree.example.org"]
    assert mail.subject == "A new referral is waiting"
    assert f"/admin/referrals/referral/{sent_referral.pk}/change/" in mail.body
    for secret in PATIENT_SECRETS:
        assert secret not in mail.body and secret not in mail.subject


@pytest.mark.django_db
def test_no_referral_email_means_no_mail(
    make_referral, referral_clinic, django_capture_on_commit_callbacks, mailoutbox
):
    referral_clinic.referral_email = ""
    referral_clinic.save()
    with django_capture_on_commit_callbacks(execute=True):
        make_referral()
    assert [m.to for m in mailoutbox] == [["zorblina.q@example.org"]]  # only the patient's tracking link


@pytest.mark.django_db
def test_patient_is_told_of_status_changes_without_details_or_link(
    sent_referral, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        change_status(referral=sent_referral, to_status="contacted", note="Spoke to Zorblina")
    [mail] = mailoutbox
    assert mail.to == ["zorblina.q@example.org"]
    assert "The clinic contacted the patient" in mail.body
    assert "/referrals/track/" not in mail.body
    assert "Spoke to" not in mail.body
    for secret in PATIENT_SECRETS:
        assert secret not in mail.body


@pytest.mark.django_db
def test_referrer_is_told_of_status_changes_with_a_link_to_the_referral_page(
    make_referral, referrer, mailoutbox, django_capture_on_commit_callbacks
):
    referral, _ = make_referral(referrer=referrer)
    with django_capture_on_commit_callbacks(execute=True):
        change_status(referral=referral, to_status="no_capacity")
    [mail] = mailoutbox
    assert mail.to == [referrer.email]
    assert f"/referrals/{referral.pk}/" in mail.body and "no space" in mail.body.lower()
    for secret in PATIENT_SECRETS:
        assert secret not in mail.body


@pytest.mark.django_db
def test_reminders_for_unviewed_referrals_after_48_hours_once_a_day(
    make_referral, mailoutbox, other_clinic, clinic_staff
):
    old, _ = make_referral()
    fresh, _ = make_referral()
    viewed, _ = make_referral()
    other, _ = make_referral(clinic=other_clinic)
    change_status(referral=viewed, to_status="viewed", by=clinic_staff)
    three_days_ago = timezone.now() - timedelta(hours=72)
    Referral.objects.filter(pk__in=[old.pk, viewed.pk, other.pk]).update(created_at=three_days_ago)

    call_command("send_referral_reminders")
    assert sorted(m.to[0] for m in mailoutbox) == ["intake@decatur.example.org", "intake@peachtree.example.org"]
    peachtree = next(m for m in mailoutbox if m.to == ["intake@peachtree.example.org"])
    assert f"/admin/referrals/referral/{old.pk}/change/" in peachtree.body
    assert f"/referrals/referral/{fresh.pk}/" not in peachtree.body
    assert f"/referrals/referral/{viewed.pk}/" not in peachtree.body
    for secret in PATIENT_SECRETS:
        assert secret not in peachtree.body

    mailoutbox.clear()
    call_command("send_referral_reminders")
    assert mailoutbox == []  # already reminded today
    Referral.objects.filter(pk=old.pk).update(last_reminded_at=timezone.now() - timedelta(hours=25))
    call_command("send_referral_reminders")
    assert [m.to for m in mailoutbox] == [["intake@peachtree.example.org"]]


@pytest.mark.django_db
def test_reminder_dry_run_sends_nothing(make_referral, mailoutbox, capsys):
    referral, _ = make_referral()
    Referral.objects.filter(pk=referral.pk).update(created_at=timezone.now() - timedelta(days=3))
    call_command("send_referral_reminders", "--dry-run")
    assert mailoutbox == []
    assert "Would remind 1 clinic(s) about 1 referral(s)." in capsys.readouterr().out
    referral.refresh_from_db()
    assert referral.last_reminded_at is None
