"""Drive the pre-screen pages like a browser without JavaScript would."""

from __future__ import annotations

import re
from typing import Any

from referrals.flow import to_form_value
from referrals.screening.questions import questions_in

from .helpers import PATIENT, suitable_answers

STATE_RE = re.compile(r'name="state" value="([^"]+)"')
STEP_RE = re.compile(r'name="step" value="([^"]+)"')


def hidden_state(response) -> str:
    match = STATE_RE.search(response.content.decode())
    assert match, "no state field on the page"
    return match.group(1)


def current_step(response) -> str | None:
    match = STEP_RE.search(response.content.decode())
    return match.group(1) if match else None


def form_data(step: str, answers: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for question in questions_in(step):
        if question.id not in answers:
            continue
        value = answers[question.id]
        data[question.id] = [to_form_value(v) for v in value] if isinstance(value, list) else to_form_value(value)
    return data


def walk(client, answers: dict[str, Any], *, max_steps: int = 10):
    """Answer step after step from GET /prescreen/ until the page stops asking. Returns the last response."""
    response = client.get("/prescreen/")
    for _ in range(max_steps):
        step = current_step(response)
        if step is None or response.status_code != 200:
            return response
        data = {"state": hidden_state(response), "step": step, "action": "next"} | form_data(step, answers)
        response = client.post("/prescreen/", data)
    return response


def search_near(client, result_response, near="30303", radius="25", payment=""):
    data = {"state": hidden_state(result_response), "action": "location", "near": near, "radius": radius}
    if payment:
        data["payment"] = payment
    return client.post("/prescreen/", data)


CONTACT = {
    "first_name": PATIENT["first_name"],
    "last_name": PATIENT["last_name"],
    "email": PATIENT["email"],
    "phone": PATIENT["phone"],
    "preferred_contact": "email",
    "note": "Mornings are best.",
}


def open_referral_form(client, clinic, answers=None):
    result = walk(client, answers or suitable_answers())
    listing = search_near(client, result)
    return client.post("/prescreen/refer/", {"state": hidden_state(listing), "clinic": clinic.slug})


def send(client, form_page, clinic, **changes):
    html = form_page.content.decode()
    submission_id = re.search(r'name="submission_id" value="([^"]+)"', html).group(1)
    data = {"state": hidden_state(form_page), "clinic": clinic.slug, "action": "send", "submission_id": submission_id}
    data |= CONTACT | {"consent": "on"} | changes
    return client.post("/prescreen/refer/", {k: v for k, v in data.items() if v is not None})
