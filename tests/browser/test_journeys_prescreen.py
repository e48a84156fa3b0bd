"""Journeys 3 and 4: the pre-screen to a sent referral; the crisis path (988 at once, nothing stored)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.contrib.sessions.models import Session

from referrals.models import Referral
from tests.browser.pages import (
    CRISIS_FIRST_STEP,
    CRISIS_FOLLOW_UP,
    SUITABLE,
    answer_prescreen,
    answer_step,
    console_problems,
    fill_referral_form,
    next_step,
    search_clinics_near,
    step_id,
    submit,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_prescreen_to_an_outcome_to_a_sent_referral(page, screenshots):
    shoot = screenshots("3-prescreen-to-referral")
    answer_prescreen(page, SUITABLE, shoot=shoot)
    assert page.locator(".outcome.outcome-suitable").is_visible()
    shoot("outcome")

    search_clinics_near(page, near="30303", radius="25", payment="self-pay")
    clinics = page.locator("ol.routed-clinics > li")
    assert clinics.count() >= 3
    nearest = clinics.first.locator("h3 a").inner_text()
    assert nearest == "Peachtree Ketamine Wellness (fictional)"
    shoot("nearby-clinics")

    submit(page, "ol.routed-clinics > li:first-child form button[type='submit']")
    assert nearest in page.locator("h1").inner_text()
    assert nearest in page.locator("label[for='id_consent']").inner_text()  # consent names the clinic
    fill_referral_form(page, consent=False)
    shoot("referral-form")
    submit(page, "form.referral-form button[type='submit']")
    assert page.get_attribute("input[name='consent']", "aria-invalid") == "true"  # refused without consent
    assert Referral.objects.count() == 0
    shoot("referral-form-without-consent")

    page.check("input[name='consent']")
    submit(page, "form.referral-form button[type='submit']")
    assert urlsplit(page.url).path == "/referrals/sent/"
    referral = Referral.objects.get()
    assert (referral.clinic.name, referral.status, referral.patient_first_name) == (nearest, "sent", "Zorblina")
    tracking = page.locator("a.tracking-url")
    assert urlsplit(tracking.get_attribute("href")).path.startswith("/referrals/track/")
    shoot("referral-sent")

    submit(page, "a.tracking-url")
    assert nearest in page.locator("h1").inner_text()
    assert page.locator("p.status.status-sent").is_visible()
    assert "Zorblina" not in page.content()  # the tracking page never shows who the patient is
    shoot("tracking-page")
    assert console_problems(page) == []


def test_crisis_path_shows_988_at_once_and_stores_nothing(page, screenshots):
    shoot = screenshots("4-crisis-path")
    referrals_before, sessions_before = Referral.objects.count(), Session.objects.count()
    page.goto("/prescreen/")
    # 988 is on the page before the first question is answered.
    assert page.locator(".prescreen-notice a[href='tel:988']").first.is_visible()
    answer_step(page, CRISIS_FIRST_STEP)  # the age, on its own first step
    next_step(page)
    answer_step(page, CRISIS_FIRST_STEP)
    shoot("prescreen-safety")
    next_step(page)

    # Thoughts of self-harm: the very next page leads with 988, before asking anything else.
    assert step_id(page) == "safety_follow_up"
    help_box = page.locator("form.prescreen-form .crisis-resources")
    assert help_box.locator("a[href='tel:988']").first.is_visible()
    assert help_box.locator("a[href='sms:988']").first.is_visible()
    first_question = page.locator("fieldset.question").first
    assert help_box.bounding_box()["y"] < first_question.bounding_box()["y"]
    shoot("follow-up-with-988")

    answer_step(page, CRISIS_FOLLOW_UP)
    next_step(page)
    assert urlsplit(page.url).path == "/prescreen/crisis/"
    assert urlsplit(page.url).query == ""  # no answer travels in the address
    for href in ("tel:988", "sms:988", "tel:911"):
        assert page.locator(f".crisis-actions a[href='{href}']").first.is_visible()
    # The crisis actions are in the first screenful, even on a phone.
    call_988 = page.locator(".crisis-actions a[href='tel:988']").first.bounding_box()
    assert call_988["y"] + call_988["height"] <= page.viewport_size["height"]
    shoot("crisis-page")

    assert Referral.objects.count() == referrals_before
    assert Session.objects.count() == sessions_before  # no session row, so no answers in one
    cookies = {cookie["name"] for cookie in page.context.cookies()}
    assert "sessionid" not in cookies
    assert console_problems(page) == []
