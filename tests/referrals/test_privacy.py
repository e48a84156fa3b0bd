"""No patient detail in a log line, an email, or a URL, across whole flows."""

import json
import logging

import pytest

from referrals.models import ReferrerApiToken
from referrals.services import change_status

from .helpers import PATIENT_SECRETS, referral_body
from .pages import open_referral_form, send


def assert_clean(text: str):
    for secret in PATIENT_SECRETS:
        assert secret not in text, f"{secret!r} leaked"


@pytest.mark.django_db
def test_api_flow_logs_mails_and_urls_hold_no_patient_detail(
    client, caplog, mailoutbox, referral_clinic, referrer, clinic_staff, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    _, key = ReferrerApiToken.issue(user=referrer)
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post(
            "/api/referrals/",
            json.dumps(referral_body(referral_clinic.slug)),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Token {key}",
        )
        bad = client.post(
            "/api/referrals/",
            json.dumps(referral_body(referral_clinic.slug, consent=False)),
            content_type="application/json",
        )
    assert created.status_code == 201 and bad.status_code == 400
    assert_clean(created.json()["tracking_url"])
    referral_id = created.json()["id"]

    client.force_login(clinic_staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(f"/admin/referrals/referral/{referral_id}/change/")
        client.post(f"/admin/referrals/referral/{referral_id}/viewed/")  # "viewed" is a button (issue 13)
        from referrals.models import Referral

        change_status(referral=Referral.objects.get(pk=referral_id), to_status="contacted", by=clinic_staff)
    assert len(mailoutbox) >= 3  # new referral, viewed, contacted
    for mail in mailoutbox:
        assert_clean(mail.subject + mail.body)
    assert_clean("\n".join(record.getMessage() for record in caplog.records))


@pytest.mark.django_db
def test_page_flow_redirects_and_logs_hold_no_patient_detail(client, caplog, referral_clinic):
    caplog.set_level(logging.DEBUG)
    form_page = open_referral_form(client, referral_clinic)
    failed = send(client, form_page, referral_clinic, consent=None)
    assert failed.status_code == 400
    sent = send(client, form_page, referral_clinic)
    assert sent.status_code == 302
    assert_clean(sent["Location"])
    confirmation = client.get(sent["Location"])
    assert_clean(confirmation.content.decode())  # the confirmation repeats the clinic, not the person
    assert_clean("\n".join(record.getMessage() for record in caplog.records))


@pytest.mark.django_db
def test_referral_str_never_names_the_patient(make_referral):
    referral, _ = make_referral()
    assert_clean(str(referral))
