"""Journeys 7 and 8 (issue 15): the referrer follows a decline to a second clinic; the patient recovers a lost link."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail

from referrals.models import Referral
from tests.browser.pages import console_problems, log_in, send_demo_referral, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _decline(referral, note: str) -> None:
    from django.contrib.auth import get_user_model

    from referrals.services import change_status

    clinic_user = get_user_model().objects.get(username="demo-clinic-atlanta")
    change_status(referral=referral, to_status="declined", by=clinic_user, note=note)


def test_referrer_follows_a_decline_to_a_second_clinic(page, screenshots):
    shoot = screenshots("7-referrer-reroutes-after-decline")
    referral, _ = send_demo_referral()
    _decline(referral, "We are not taking new patients until spring.")

    log_in(page, username="demo-referrer", path=f"/accounts/login/?next=/referrals/{referral.pk}/")
    assert urlsplit(page.url).path == f"/referrals/{referral.pk}/"
    assert "We are not taking new patients until spring." in page.locator("main").inner_text()
    forms = page.locator("form.reroute-form")
    assert forms.count() >= 1
    shoot("declined-with-alternatives")
    first = forms.first
    clinic_slug = first.locator("input[name='clinic']").get_attribute("value")
    first.locator("input[name='consent']").check()
    shoot("consent-given")
    with page.expect_navigation():
        first.locator("button[type='submit']").click()
    new = Referral.objects.get(rerouted_from=referral)
    assert new.clinic.slug == clinic_slug and new.answers == referral.answers
    assert urlsplit(page.url).path == f"/referrals/{new.pk}/"
    chain = page.locator("section.referral-chain")
    assert chain.is_visible() and f"/referrals/{referral.pk}/" in chain.inner_html()
    shoot("new-referral-with-chain")
    assert console_problems(page) == []


def test_patient_recovers_a_lost_link(page, screenshots, settings):
    shoot = screenshots("8-patient-recovers-lost-link")
    settings.LOST_LINK_RESPONSE_SECONDS = 0
    referral, old_token = send_demo_referral(referrer_username=None)
    mail.outbox.clear()

    page.goto("/referrals/lost-link/")
    shoot("lost-link-form")
    page.fill("input[name='email']", "zorblina.q@example.org")
    submit(page, "form[action='/referrals/lost-link/'] button[type='submit']")
    shoot("link-on-its-way")
    [message] = [m for m in mail.outbox if m.to == ["zorblina.q@example.org"]]
    path = re.search(r"https?://[^/\s]+(/referrals/track/[^/\s]+/)", message.body).group(1)
    assert old_token not in path

    page.goto(path)
    assert "Peachtree Ketamine Wellness" in page.locator("h1").inner_text()
    shoot("tracking-page-again")
    assert page.goto(f"/referrals/track/{old_token}/").status == 404  # the old link stopped working
    shoot("old-link-gone")
    assert console_problems(page, expected_statuses=(404,)) == []
