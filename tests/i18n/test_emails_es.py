"""Emails: the clinic's notice stays in the site's language; a patient's status email follows the active language."""

from __future__ import annotations

import pytest
from django.utils import translation

from referrals.services import change_status, create_referral
from referrals.workflow import Status
from tests.referrals.helpers import PATIENT, suitable_answers

pytestmark = pytest.mark.django_db


def test_clinic_notice_is_english_even_when_the_patient_used_spanish(
    clinic, django_capture_on_commit_callbacks, mailoutbox
):
    with translation.override("es"), django_capture_on_commit_callbacks(execute=True):
        create_referral(answers=suitable_answers(), clinic=clinic, patient=dict(PATIENT), consent=True)
    [mail] = [m for m in mailoutbox if m.to != [PATIENT["email"]]]  # the patient gets the tracking link
    assert mail.subject == "A new referral is waiting"
    assert "A new referral is waiting for you on Ketamine Clinic Finder." in mail.body


def test_patient_status_email_in_spanish(clinic, django_capture_on_commit_callbacks, mailoutbox):
    # Sent from the Spanish site: the patient's emails stay Spanish, whoever changes the status.
    with translation.override("es"), django_capture_on_commit_callbacks(execute=True):
        referral, _ = create_referral(answers=suitable_answers(), clinic=clinic, patient=dict(PATIENT), consent=True)
    mailoutbox.clear()
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        change_status(referral=referral, to_status=Status.SCHEDULED)
    [mail] = mailoutbox
    assert mail.to == [PATIENT["email"]]
    assert mail.subject == "Su referido tiene un nuevo estado"
    assert "Ketamine Clinic Finder: Cita programada." in mail.body
    assert "Hay una cita programada." in mail.body
    assert "marque 2 para español" in mail.body and "988lineadevida.org" in mail.body
    for secret in (PATIENT["first_name"], PATIENT["last_name"]):
        assert secret not in mail.body
