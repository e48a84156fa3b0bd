"""Every public page of the site as HTML, fetched with Django's test client from the demo data.

The pages the checkers look at: home, city, search with results and with an error, clinic
(and its report form refused), each pre-screen step, its error state and the outcomes,
crisis, the referral form and its errors, referral sent, tracking, login (and its error),
the referrer's pages, 404 and 500.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from django.core.management import call_command
from django.test import Client, RequestFactory

from directory.demo_accounts import DEMO_PASSWORD, create_demo_accounts
from directory.views import errors
from tests.referrals.helpers import suitable_answers
from tests.referrals.pages import CONTACT, current_step, form_data, hidden_state

CLINIC = "peachtree-ketamine-wellness"
GET_PAGES = {
    "home": "/",
    "city": "/cities/atlanta-ga/",
    "search-results": "/clinics/?near=30303&treatment=iv-infusion",
    "search-error": "/clinics/?near=30303&radius=9999",
    "clinic": f"/clinics/{CLINIC}/",
    "crisis": "/prescreen/crisis/",
    "login": "/accounts/login/",
    "not-found": "/clinics/no-such-clinic/",
}
# Thoughts of self-harm without intent or a recent attempt: through the follow-up step to "review".
REVIEW = suitable_answers(self_harm_thoughts=1, suicide_intent_or_plan="no", suicide_behavior="never")
SUBMISSION_RE = re.compile(r'name="submission_id" value="([^"]+)"')
TRACKING_RE = re.compile(r'href="([^"]+)" class="tracking-url"')


def load_demo_site() -> None:
    call_command("loaddata", "demo_directory", verbosity=0)
    create_demo_accounts()


def public_pages() -> Iterator[tuple[str, int, str]]:
    """(name, status code, HTML) of each page, in the order a visitor meets them."""
    client = Client()
    for name, path in GET_PAGES.items():
        response = client.get(path)
        yield name, response.status_code, response.content.decode()
    response = client.post(f"/clinics/{CLINIC}/report/", {})
    yield "clinic-report-errors", response.status_code, response.content.decode()
    response = errors.server_error(RequestFactory().get("/clinics/"))
    yield "server-error", response.status_code, response.content.decode()

    yield from _prescreen(client)
    yield from _referrer(Client())


def _html(response) -> str:
    return response.content.decode()


def _prescreen(client) -> Iterator[tuple[str, int, str]]:
    response = client.get("/prescreen/")
    step = current_step(response)
    empty = client.post("/prescreen/", {"state": hidden_state(response), "step": step, "action": "next"})
    yield "prescreen-step-errors", empty.status_code, _html(empty)
    while (step := current_step(response)) is not None:
        yield f"prescreen-{step}", response.status_code, _html(response)
        data = {"state": hidden_state(response), "step": step, "action": "next"} | form_data(step, REVIEW)
        response = client.post("/prescreen/", data)
    yield "outcome-review", response.status_code, _html(response)

    state = hidden_state(response)
    refused = client.post("/prescreen/", {"state": state, "action": "location", "near": "00000", "radius": "25"})
    yield "outcome-location-error", refused.status_code, _html(refused)
    listing = client.post("/prescreen/", {"state": state, "action": "location", "near": "30303", "radius": "25"})
    yield "outcome-with-clinics", listing.status_code, _html(listing)

    form = client.post("/prescreen/refer/", {"state": hidden_state(listing), "clinic": CLINIC})
    yield "referral-form", form.status_code, _html(form)
    data = {"state": hidden_state(form), "clinic": CLINIC, "action": "send"}
    data["submission_id"] = SUBMISSION_RE.search(_html(form)).group(1)
    refused = client.post("/prescreen/refer/", data)
    yield "referral-form-errors", refused.status_code, _html(refused)
    sent = client.post("/prescreen/refer/", data | CONTACT | {"consent": "on"}, follow=True)
    yield "referral-sent", sent.status_code, _html(sent)
    tracking = client.get(TRACKING_RE.search(_html(sent)).group(1))
    yield "tracking", tracking.status_code, _html(tracking)


def _referrer(client) -> Iterator[tuple[str, int, str]]:
    refused = client.post("/accounts/login/", {"username": "demo-referrer", "password": "not-the-password"})
    yield "login-error", refused.status_code, _html(refused)
    assert client.login(username="demo-referrer", password=DEMO_PASSWORD)
    for name, path in (("my-referrals", "/referrals/"), ("referral-new-for-a-patient", "/referrals/new/")):
        response = client.get(path)
        yield name, response.status_code, _html(response)
    response = client.post("/referrals/new/", {})
    yield "referral-new-errors", response.status_code, _html(response)
