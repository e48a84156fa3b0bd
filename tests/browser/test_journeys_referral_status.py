"""Journeys 5 and 6: a clinic's staff open and answer a referral in the admin; the referrer follows its status."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.utils import translation

from referrals.models import Referral
from tests.browser.pages import console_problems, log_in, send_demo_referral, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_clinic_staff_open_and_answer_a_referral_in_the_admin(page, screenshots):
    shoot = screenshots("5-clinic-answers-in-admin")
    referral, _ = send_demo_referral()
    send_demo_referral(clinic_slug="silver-lake-ketamine-center")  # another clinic's: must stay out of sight

    log_in(page, username="demo-clinic-atlanta", path="/admin/login/?next=/admin/")
    assert urlsplit(page.url).path == "/admin/"
    shoot("admin-home")
    submit(page, "a[href='/admin/referrals/referral/']")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 1  # only their own clinic's referral
    assert "Peachtree" in rows.first.inner_text()
    shoot("referral-list")

    submit(page, "#result_list tbody tr th a")
    referral.refresh_from_db()
    assert referral.status == "sent"  # opening it changes nothing (issue 13: no state change on GET)
    assert "Zorblina" in page.locator("#content").inner_text()  # the clinic sees who to contact
    shoot("referral-opened")
    submit(page, "button:has-text('Mark as viewed')")
    referral.refresh_from_db()
    assert referral.status == "viewed"  # the button tells the patient the clinic has seen it
    assert referral.viewed_by.username == "demo-clinic-atlanta"
    assert page.locator(".messagelist").is_visible()

    page.select_option("#id_new_status", "contacted")
    page.fill("#id_status_note", "Called, left a voicemail for a first visit.")
    shoot("status-chosen")
    submit(page, "input[name='_save']")
    referral.refresh_from_db()
    assert referral.status == "contacted"
    last = referral.status_changes.order_by("-at", "-pk").first()
    assert (last.to_status, last.note, last.by.username) == (
        "contacted",
        "Called, left a voicemail for a first visit.",
        "demo-clinic-atlanta",
    )
    assert page.locator(".messagelist .success").count() >= 1
    shoot("saved")
    assert console_problems(page) == []


def test_referrer_follows_the_status_the_clinic_set(page, screenshots):
    shoot = screenshots("6-referrer-follows-status")
    from django.contrib.auth import get_user_model

    from referrals.services import change_status

    referral, _ = send_demo_referral()
    clinic_user = get_user_model().objects.get(username="demo-clinic-atlanta")
    change_status(referral=referral, to_status="contacted", by=clinic_user, note="Called the patient.")

    page.goto("/referrals/")
    assert urlsplit(page.url).path == "/accounts/login/"  # the list needs a login
    shoot("login")
    page.fill("input[name='username']", "demo-referrer")
    page.fill("input[name='password']", "ketamine-demo-2026")
    submit(page, "form.login-form button[type='submit']")
    assert urlsplit(page.url).path == "/referrals/"
    row = page.locator("table.referral-list tbody tr")
    assert row.count() == 1
    text = row.first.inner_text()
    assert "Peachtree Ketamine Wellness (fictional)" in text
    with translation.override("en"):  # the page is in English; an earlier test may leave another language active
        assert Referral.objects.get().get_status_display() in text  # "The clinic contacted the patient"
    shoot("my-referrals")
    assert console_problems(page) == []
