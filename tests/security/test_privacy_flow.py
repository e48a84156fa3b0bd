"""The whole referral flow leaves no patient detail in a log line, a URL, an email or an error page.

Every logger is opened to DEBUG and a handler keeps the raw records (before the redaction
filter of config/privacy.py: the code itself must not log details). The flow: a patient's
pre-screen pages and referral form (with mistakes), a referrer's login, one-page pre-screen
and referral for a patient, an API referral and its detail, clinic staff opening the
referrals and changing a status in the admin, the emails all this sends, and a crash.
tests/referrals/test_privacy.py covers the API and page flows separately; this is the sum.
"""

from __future__ import annotations

import json
import logging
import re

import pytest
from django.test import Client

from referrals.flow import STEPS
from referrals.screening import QUESTIONS
from tests.directory.admin_world import change_form_data
from tests.referrals.helpers import referral_body, suitable_answers
from tests.referrals.pages import form_data, hidden_state, open_referral_form, search_near, send
from tests.security.world import NOTE_A, PASSWORD, PATIENT_A, SECRETS_A, build_world

pytestmark = pytest.mark.django_db

PAGE_PATIENT = {
    "first_name": "Philomena",
    "last_name": "Wobblesworth",
    "email": "philo.wobble@example.org",
    "phone": "(404) 555-0188",
    "preferred_contact": "phone",
    "note": "Philomena takes the 7:15 bus.",
}
ON_BEHALF = {
    "first_name": "Cornelius",
    "last_name": "Snodgrassby",
    "email": "corny.snod@example.org",
    "phone": "(404) 555-0199",
    "preferred_contact": "email",
    "note": "Cornelius is hard of hearing.",
}
SECRETS = (
    *SECRETS_A,
    "Philomena",
    "Wobblesworth",
    "philo.wobble",
    "555-0188",
    "5550188",
    "7:15 bus",
    "Cornelius",
    "Snodgrassby",
    "corny.snod",
    "555-0199",
    "5550199",
    "hard of hearing",
)
# Answers are patient details too: no question id (and so no answer) may reach a log, a URL or an email.
# ("condition" is also an everyday word of the directory: clinics list the conditions they treat.)
ANSWER_KEYS = tuple(question.id for question in QUESTIONS if question.id != "condition")
URL_RE = re.compile(r"https?://[^\s\"'<>]+|/[\w/.-]*\?[^\s\"'<>]*")


class KeepEverything(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(logging.Formatter("%(name)s %(levelname)s %(message)s").format(record))


@pytest.fixture
def world():
    return build_world()  # referral A from referrer A already exists (PATIENT_A)


@pytest.fixture
def logs(world):
    """Everything logged after the world is built (factories log their own DEBUG lines)."""
    handler = KeepEverything()
    loggers = [logging.getLogger()] + [
        logging.getLogger(name) for name in list(logging.root.manager.loggerDict) if not name.startswith("faker")
    ]
    saved = [(logger, logger.level, logger.disabled) for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
        logger.disabled = False
    logging.getLogger().addHandler(handler)
    yield handler
    logging.getLogger().removeHandler(handler)
    for logger, level, disabled in saved:
        logger.setLevel(level)
        logger.disabled = disabled


def find_leaks(text: str, secrets=SECRETS) -> list[str]:
    return [secret for secret in secrets if secret in text]


class Recorder:
    """Wraps the test clients: keeps every URL asked for and every redirect given."""

    def __init__(self):
        self.urls: list[str] = []

    def watch(self, client: Client) -> Client:
        for method in ("get", "post"):
            original = getattr(client, method)

            def wrapped(path, *args, _original=original, **kwargs):
                self.urls.append(path)
                response = _original(path, *args, **kwargs)
                if response.has_header("Location"):
                    self.urls.append(response["Location"])
                return response

            setattr(client, method, wrapped)
        return client


def test_the_whole_referral_flow_keeps_patient_details_out_of_logs_urls_and_emails(
    world, logs, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.RATELIMIT_ENABLED = False
    recorder = Recorder()
    clinic = world.clinic_a

    with django_capture_on_commit_callbacks(execute=True):
        # 1. A patient: the pre-screen pages, a referral form sent with mistakes, then for real.
        patient = recorder.watch(Client())
        form_page = open_referral_form(patient, clinic)
        assert form_page.status_code == 200
        assert send(patient, form_page, clinic, **(PAGE_PATIENT | {"email": "philo@"})).status_code == 400
        assert send(patient, form_page, clinic, **PAGE_PATIENT, consent=None).status_code == 400
        sent = send(patient, form_page, clinic, **PAGE_PATIENT)
        assert sent.status_code == 302
        confirmation = patient.get(sent["Location"])
        tracking_url = re.search(r'href="(http[^"]+/referrals/track/[^"]+)"', confirmation.content.decode()).group(1)
        assert patient.get(tracking_url).status_code == 200

        # 2. A referrer logs in, answers for a patient on one page, and sends on their behalf.
        referrer = recorder.watch(Client())
        assert referrer.post("/accounts/login/", {"username": "referrer-b", "password": "wrong"}).status_code == 200
        login = referrer.post("/accounts/login/", {"username": "referrer-a", "password": PASSWORD})
        assert login.status_code == 302
        all_steps = {}
        for step in STEPS:
            all_steps |= form_data(step, suitable_answers())
        result = referrer.post("/referrals/new/", all_steps)
        assert result.status_code == 200
        listing = search_near(referrer, result)
        form = referrer.post("/prescreen/refer/", {"state": hidden_state(listing), "clinic": clinic.slug})
        assert send(referrer, form, clinic, **ON_BEHALF).status_code == 302
        assert referrer.get("/referrals/").status_code == 200

        # 3. The API: a bad body, a good one with a token, then the referral read back.
        api = recorder.watch(Client())
        body = referral_body(clinic.slug, patient=PATIENT_A | {"phone": "555-01"}, note=NOTE_A)
        auth = {"HTTP_AUTHORIZATION": f"Token {world.api_key_a}"}
        bad = api.post("/api/referrals/", json.dumps(body), content_type="application/json", **auth)
        assert bad.status_code == 400
        assert not find_leaks(bad.content.decode())  # errors name fields, never echo values
        body["patient"]["phone"] = "(404) 555-0177"
        created = api.post("/api/referrals/", json.dumps(body), content_type="application/json", **auth)
        assert created.status_code == 201
        assert api.get(f"/api/referrals/{created.json()['id']}/", **auth).status_code == 200

        # 4. Clinic staff open each referral in the admin, mark it viewed, and move one on with a note naming
        # the patient.
        staff = recorder.watch(Client())
        staff.force_login(world.staff_a)
        assert staff.get("/admin/referrals/referral/").status_code == 200
        for referral in clinic.referrals.order_by("pk"):
            assert staff.get(f"/admin/referrals/referral/{referral.pk}/change/").status_code == 200
            assert staff.post(f"/admin/referrals/referral/{referral.pk}/viewed/").status_code == 302
            page = staff.get(f"/admin/referrals/referral/{referral.pk}/change/")
        data = change_form_data(page, new_status="contacted", status_note="Left Philomena a voicemail.")
        assert staff.post(f"/admin/referrals/referral/{referral.pk}/change/", data).status_code == 302

    referral_lines = [line for line in logs.lines if line.startswith("referrals.")]
    assert len(referral_lines) >= 8, "the referral services log each send and status change"
    assert len(mailoutbox) >= 8  # 4 new-referral notices, 4 'viewed', 1 'contacted' (minus a patient without email)

    for line in logs.lines:
        assert not find_leaks(line, SECRETS + ANSWER_KEYS), line
    for mail in mailoutbox:
        text = f"{mail.subject}\n{mail.body}"  # a patient's own address may be the recipient, never the text
        assert not find_leaks(text, SECRETS + ANSWER_KEYS), text
        recorder.urls.extend(URL_RE.findall(mail.body))
    assert len(recorder.urls) > 30
    for url in recorder.urls:
        assert not find_leaks(url, SECRETS + ANSWER_KEYS), url


def test_a_crash_while_sending_shows_and_logs_no_patient_detail(world, logs, monkeypatch, settings):
    settings.RATELIMIT_ENABLED = False

    def crash(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("referrals.views.api.create_referral", crash)
    monkeypatch.setattr("referrals.views.referrals.create_referral", crash)
    client = Client(raise_request_exception=False)
    body = referral_body(world.clinic_a.slug, patient=PATIENT_A, note=NOTE_A)
    api = client.post("/api/referrals/", json.dumps(body), content_type="application/json")
    assert api.status_code == 500
    assert api.json() == {"errors": {"__all__": [api.json()["errors"]["__all__"][0]]}}
    form_page = open_referral_form(client, world.clinic_a)
    page = send(client, form_page, world.clinic_a, **PAGE_PATIENT)
    assert page.status_code == 500
    for response in (api, page):
        assert not find_leaks(response.content.decode())
    errors = [line for line in logs.lines if "Internal Server Error" in line]
    assert len(errors) == 2
    for line in logs.lines:
        assert not find_leaks(line, SECRETS + ANSWER_KEYS), line
