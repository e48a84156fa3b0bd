"""axe-core on every public page, each pre-screen step and the error states, at both widths.

Fails on any violation, whatever its impact (color-contrast included, checked at each
width because the layout changes). Everything axe found, whatever its impact, is
written to artifacts/axe/<viewport>.json.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.browser.axe import AxeReport
from tests.browser.conftest import ARTIFACTS
from tests.browser.pages import (
    SUITABLE,
    answer_step,
    fill_referral_form,
    log_in,
    next_step,
    search_clinics_near,
    send_demo_referral,
    step_id,
    submit,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PAGES = {
    "home": "/",
    "city": "/cities/atlanta-ga/",
    "search-results": "/clinics/?near=30303&treatment=iv-infusion",
    "search-error": "/clinics/?near=30303&radius=9999",
    "clinic": "/clinics/peachtree-ketamine-wellness/",
    "crisis": "/prescreen/crisis/",
    "login": "/accounts/login/",
    "not-found": "/clinics/no-such-clinic/",
}
# Thoughts of self-harm without intent or a recent attempt: "review", through the follow-up step.
REVIEW = SUITABLE | {"self_harm_thoughts": "1", "suicide_intent_or_plan": "no", "suicide_behavior": "never"}


def test_axe_finds_no_violations(new_page, viewport):
    page = new_page(viewport)
    report = AxeReport(ARTIFACTS / "axe", viewport.name)
    send_demo_referral()  # so /referrals/ has a row

    for name, path in PAGES.items():
        page.goto(path)
        report.check(page, name)

    page.goto("/clinics/peachtree-ketamine-wellness/")
    page.click(".report-problem summary")
    submit(page, ".report-problem button[type='submit']")  # no kind chosen
    report.check(page, "clinic-report-errors")

    page.goto("/prescreen/")
    report.check(page, "prescreen-age")
    next_step(page)  # nothing answered
    report.check(page, "prescreen-step-errors")
    while page.locator("form.prescreen-form input[name='step']").count():
        if (name := f"prescreen-{step_id(page)}") not in report.pages:
            report.check(page, name)
        answer_step(page, REVIEW)
        next_step(page)
    report.check(page, "outcome-review")

    page.fill("input[name='near']", "00000")
    submit(page, "form.location-form button[type='submit']")
    report.check(page, "outcome-location-error")
    search_clinics_near(page, near="30303")
    report.check(page, "outcome-with-clinics")

    submit(page, "ol.routed-clinics > li:first-child form button[type='submit']")
    report.check(page, "referral-form")
    submit(page, "form.referral-form button[type='submit']")
    report.check(page, "referral-form-errors")
    fill_referral_form(page)
    submit(page, "form.referral-form button[type='submit']")
    report.check(page, "referral-sent")
    submit(page, "a.tracking-url")
    assert urlsplit(page.url).path.startswith("/referrals/track/")
    report.check(page, "tracking")

    page.goto("/accounts/login/")
    page.fill("input[name='username']", "demo-referrer")
    page.fill("input[name='password']", "not-the-password")
    submit(page, "form.login-form button[type='submit']")
    report.check(page, "login-error")
    log_in(page, username="demo-referrer")
    assert urlsplit(page.url).path == "/referrals/"
    report.check(page, "my-referrals")
    page.goto("/referrals/new/")
    report.check(page, "referral-new-for-a-patient")
    submit(page, "form.prescreen-form button[type='submit']")
    report.check(page, "referral-new-errors")

    report.write()
    assert len(report.pages) == 28  # every public page, each of the 7 pre-screen steps, the outcomes, 7 error states
    assert report.failures() == {}
