"""What the browser journeys share: screenshots, a stubbed internet, answering the pre-screen, logging in.

Selectors use names, values and ids rather than English text where they can, so the
journeys keep working while the pages are being translated.
"""

from __future__ import annotations

import functools
import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

# A 1×1 transparent PNG: what map tiles get instead of the internet.
BLANK_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)
DEMO_PASSWORD = "ketamine-demo-2026"

# A person with nothing in the way (outcome "suitable"), as the form's values.
SUITABLE = {
    "age_18_or_over": "yes",
    "phq2_interest": "1",
    "phq2_mood": "1",
    "self_harm_thoughts": "0",
    "suicide_behavior": "never",
    "condition": "depression",
    "antidepressant_trials": "2+",
    "ketamine_allergy": "no",
    "ketamine_before": "never",
    "vascular_history": "no",
    "psychosis_history": "no",
    "mania_history": "no",
    "substance_use": "never",
    "hallucinogen_bad_reaction": "no",
    "pregnancy": "not_applicable",
    "ride_home": "yes",
    "no_driving_until_next_day": "yes",
}
# Thoughts of self-harm, then intent to act on them: the crisis path.
CRISIS_FIRST_STEP = {"age_18_or_over": "yes", "phq2_interest": "2", "phq2_mood": "3", "self_harm_thoughts": "2"}
CRISIS_FOLLOW_UP = {"suicide_intent_or_plan": "yes", "suicide_behavior": "never"}


class Screenshots:
    """shoot("results") → <folder>/01-results.png, numbered in the order of the journey."""

    def __init__(self, page, folder: Path):
        self.page, self.folder, self.count = page, folder, 0
        shutil.rmtree(folder, ignore_errors=True)  # no stale steps from an earlier run
        folder.mkdir(parents=True)

    def __call__(self, step: str) -> Path:
        self.count += 1
        path = self.folder / f"{self.count:02d}-{step}.png"
        self.page.screenshot(path=str(path), full_page=True, animations="disabled")
        return path


class ExternalRequests:
    """Nothing leaves the machine: map tiles get a blank image, anything else off-site is refused.

    Also serves axe-core at /__axe__/axe.min.js on the site's own origin, so the page's
    Content-Security-Policy (script-src 'self') lets it run without being weakened.
    """

    AXE_PATH = "/__axe__/axe.min.js"
    AXE_FILE = Path(__file__).parent / "vendor" / "axe.min.js"

    def __init__(self, site_url: str):
        self.origin = "{0.scheme}://{0.netloc}".format(urlsplit(site_url))

    def install(self, context) -> None:
        context.route(re.compile(r"^https?://"), self._handle)

    def _handle(self, route) -> None:
        url = route.request.url
        if url.startswith(self.origin):
            if urlsplit(url).path == self.AXE_PATH:
                route.fulfill(status=200, content_type="text/javascript", body=_axe_source())
            else:
                route.continue_()
        elif ".tile.openstreetmap.org/" in url:
            route.fulfill(status=200, content_type="image/png", body=BLANK_PNG)
        else:
            route.abort()


@functools.cache
def _axe_source() -> bytes:
    return ExternalRequests.AXE_FILE.read_bytes()


def answer_step(page, answers: dict[str, Any]) -> list[str]:
    """Choose the given answers for the questions on this step; returns the question ids answered."""
    answered = []
    for fieldset_id in page.eval_on_selector_all("fieldset.question", "els => els.map(e => e.id)"):
        question = fieldset_id.removeprefix("q-")
        if question in answers:
            page.check(f"input[name='{question}'][value='{answers[question]}']")
            answered.append(question)
    return answered


def next_step(page) -> None:
    with page.expect_navigation():
        page.click("form.prescreen-form button[name='action'][value='next']")


def step_id(page) -> str:
    return page.get_attribute("form.prescreen-form input[name='step']", "value")


def answer_prescreen(page, answers: dict[str, Any], *, shoot=None) -> None:
    """From /prescreen/ through every step to the outcome page, one screenshot per step."""
    page.goto("/prescreen/")
    while page.locator("form.prescreen-form input[name='step']").count():
        step = step_id(page)
        answer_step(page, answers)
        if shoot:
            shoot(f"prescreen-{step}")
        next_step(page)


def search_clinics_near(page, *, near: str, radius: str = "25", payment: str = "") -> None:
    """On the outcome page: where to look for clinics."""
    page.fill("input[name='near']", near)
    page.select_option("select[name='radius']", radius)
    if payment:
        page.select_option("select[name='payment']", payment)
    with page.expect_navigation():
        page.click("form.location-form button[type='submit']")


def log_in(page, *, username: str, path: str = "/accounts/login/") -> None:
    page.goto(path)
    page.fill("input[name='username']", username)
    page.fill("input[name='password']", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("form:has(input[name='password']) [type='submit']")


def send_demo_referral(
    *, referrer_username: str | None = "demo-referrer", clinic_slug: str = "peachtree-ketamine-wellness"
):
    """A referral as the pre-screen would send it (fictional patient); returns (referral, tracking token)."""
    from django.contrib.auth import get_user_model

    from directory.models import Clinic
    from referrals.services import create_referral
    from tests.referrals.helpers import PATIENT, suitable_answers

    referrer = get_user_model().objects.get(username=referrer_username) if referrer_username else None
    return create_referral(
        answers=suitable_answers(),
        clinic=Clinic.objects.get(slug=clinic_slug),
        patient=PATIENT,
        consent=True,
        note="Mornings are best.",
        referrer=referrer,
    )


def fill_referral_form(page, *, consent: bool = True) -> None:
    """A fictional patient's contact details on the referral form (555-01xx, example.org)."""
    page.fill("input[name='first_name']", "Zorblina")
    page.fill("input[name='last_name']", "Quackenbottom")
    page.fill("input[name='email']", "zorblina.q@example.org")
    page.fill("input[name='phone']", "(404) 555-0142")
    page.check("input[name='preferred_contact'][value='email']")
    page.fill("textarea[name='note']", "Mornings are best.")
    if consent:
        page.check("input[name='consent']")


def submit(page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def console_problems(page, *, expected_statuses: tuple[int, ...] = (400,)) -> list[str]:
    """Script errors and CSP violations, without the log line of a page answered 4xx on purpose."""
    expected = tuple(f"the server responded with a status of {status} " for status in expected_statuses)
    return [error for error in page.console_errors if not any(text in error for text in expected)]
