"""The patient's emails: the tracking link right after sending, 'lost your link?', and the language kept."""

import re
import time

import pytest
from django.core import mail as django_mail
from django.utils import translation

from referrals.models import Referral
from referrals.services import change_status

from .helpers import PATIENT, PATIENT_SECRETS

LINK = re.compile(r"http://testserver-site(/referrals/track/[^/\s]+/)")


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "http://testserver-site"


def patient_mails(outbox):
    return [m for m in outbox if m.to == [PATIENT["email"]]]


def assert_no_patient_detail(message):
    for secret in PATIENT_SECRETS:
        assert secret not in message.body and secret not in message.subject


@pytest.mark.django_db
def test_patient_gets_the_tracking_link_right_after_sending(
    client, make_referral, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        referral, token = make_referral()
    [message] = patient_mails(mailoutbox)
    assert message.subject == "Your referral was sent: your tracking link"
    assert LINK.search(message.body).group(1) == f"/referrals/track/{token}/"
    assert "http://testserver-site/referrals/lost-link/" in message.body
    assert_no_patient_detail(message)
    assert client.get(LINK.search(message.body).group(1)).status_code == 200


@pytest.mark.django_db
def test_referral_sent_in_spanish_keeps_spanish_for_the_patient_and_english_for_the_clinic(
    make_referral, mailoutbox, django_capture_on_commit_callbacks
):
    with translation.override("es"), django_capture_on_commit_callbacks(execute=True):
        referral, _ = make_referral()
    assert referral.language == "es"
    [patient] = patient_mails(mailoutbox)
    assert patient.subject == "Se envió su derivación: su enlace de seguimiento"
    assert "Hola" in patient.body
    [clinic] = [m for m in mailoutbox if m.to == ["intake@peachtree.example.org"]]
    assert clinic.subject == "A new referral is waiting"
    mailoutbox.clear()
    # A status change made later by English-speaking staff still reaches the patient in Spanish.
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        change_status(referral=referral, to_status="contacted")
    [status] = patient_mails(mailoutbox)
    assert status.subject == "Su referido tiene un nuevo estado"
    assert "La clínica dice que se comunicó con usted." in status.body
    assert_no_patient_detail(status)


@pytest.mark.django_db
def test_referrer_gets_status_emails_in_the_referral_language(
    make_referral, referrer, mailoutbox, django_capture_on_commit_callbacks
):
    with translation.override("es"):
        referral, _ = make_referral(referrer=referrer)
    with django_capture_on_commit_callbacks(execute=True):
        change_status(referral=referral, to_status="declined")
    [message] = [m for m in mailoutbox if m.to == [referrer.email]]
    assert message.subject == "Su referido tiene un nuevo estado"
    assert f"http://testserver-site/referrals/{referral.pk}/" in message.body
    assert_no_patient_detail(message)


@pytest.mark.django_db
def test_patient_status_email_is_written_to_the_patient(make_referral, mailoutbox, django_capture_on_commit_callbacks):
    referral, _ = make_referral()
    with django_capture_on_commit_callbacks(execute=True):
        change_status(referral=referral, to_status="no_capacity")
    [message] = patient_mails(mailoutbox)
    assert "The clinic has no space for new patients right now." in message.body
    assert "Other clinics may be able to see you" in message.body
    assert "http://testserver-site/referrals/lost-link/" in message.body
    assert "the patient" not in message.body
    assert "/referrals/track/" not in message.body  # the token is not kept, so it cannot be sent later


# --- lost your link? ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_lost_link_emails_a_fresh_link_and_the_old_one_stops_working(client, make_referral, mailoutbox):
    referral, old_token = make_referral()
    mailoutbox.clear()
    page = client.get("/referrals/lost-link/")
    assert page.status_code == 200
    response = client.post("/referrals/lost-link/", {"email": PATIENT["email"].upper()})
    assert response.status_code == 200 and "Check your email" in response.content.decode()
    [message] = patient_mails(mailoutbox)
    assert message.subject == "Your new tracking link"
    assert_no_patient_detail(message)
    new_path = LINK.search(message.body).group(1)
    assert new_path != f"/referrals/track/{old_token}/"
    assert client.get(new_path).status_code == 200
    assert client.get(f"/referrals/track/{old_token}/").status_code == 404


@pytest.mark.django_db
def test_lost_link_answers_the_same_for_an_unknown_address(client, make_referral, mailoutbox, settings):
    settings.LOST_LINK_RESPONSE_SECONDS = 0.3
    make_referral()
    mailoutbox.clear()
    pages, durations = [], []
    for email in (PATIENT["email"], "nobody-here@example.org"):
        started = time.monotonic()
        response = client.post("/referrals/lost-link/", {"email": email})
        durations.append(time.monotonic() - started)
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
        pages.append((response.status_code, html))
    assert pages[0] == pages[1]
    assert all(duration >= 0.3 for duration in durations)
    assert len(mailoutbox) == 1  # only the known address got a link


@pytest.mark.django_db
def test_lost_link_refuses_a_bad_address_clearly(client):
    response = client.post("/referrals/lost-link/", {"email": "not an email"})
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()


@pytest.mark.django_db
def test_lost_link_is_rate_limited_per_client_and_per_address(client, make_referral, mailoutbox, settings):
    settings.RATELIMITS = settings.RATELIMITS | {"lost_link": (4, 3600), "lost_link_address": (2, 3600)}
    make_referral()
    mailoutbox.clear()
    for _ in range(4):
        assert client.post("/referrals/lost-link/", {"email": PATIENT["email"]}).status_code == 200
    assert len(mailoutbox) == 2  # the address got two links; the next requests answered the same, sent none
    assert client.post("/referrals/lost-link/", {"email": PATIENT["email"]}).status_code == 429


@pytest.mark.django_db
def test_lost_link_in_spanish(client, make_referral, mailoutbox):
    with translation.override("es"):
        make_referral()
    mailoutbox.clear()
    response = client.post("/referrals/lost-link/", {"email": PATIENT["email"]}, HTTP_ACCEPT_LANGUAGE="es")
    assert "Revise su correo" in response.content.decode()
    [message] = patient_mails(mailoutbox)
    assert message.subject == "Su nuevo enlace de seguimiento"


@pytest.mark.django_db
def test_a_failing_mail_server_does_not_lose_the_referral_or_log_the_address(
    make_referral, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def refuse(*args, **kwargs):
        raise OSError(f"550 mailbox {PATIENT['email']} unavailable")

    monkeypatch.setattr(django_mail.EmailMessage, "send", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        referral, _ = make_referral()
    assert Referral.objects.filter(pk=referral.pk).exists()
    assert "tracking link email not sent" in caplog.text
    assert PATIENT["email"] not in caplog.text
