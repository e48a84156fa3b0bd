"""Every read of a referral by staff is recorded (who, when, where); site staff can audit it."""

from __future__ import annotations

import pytest
from django.test import Client

from referrals.models import ReferralAccessLog
from tests.security.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def log_rows(referral):
    return list(ReferralAccessLog.objects.filter(referral=referral).order_by("at", "id").values_list("username", "via"))


def test_each_admin_view_by_clinic_staff_is_recorded_not_only_the_first(world):
    client = as_user(world.staff_a)
    url = f"/admin/referrals/referral/{world.referral_a.pk}/change/"
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    assert log_rows(world.referral_a) == [("staff-a", "admin"), ("staff-a", "admin")]


def test_api_reads_by_clinic_staff_and_superusers_are_recorded(world):
    url = f"/api/referrals/{world.referral_a.pk}/"
    assert as_user(world.staff_a).get(url).status_code == 200
    assert as_user(world.superuser).get(url).status_code == 200
    assert as_user(world.site_staff).get(url).status_code == 404  # not a party (issue 13)
    assert log_rows(world.referral_a) == [("staff-a", "api"), ("root", "api")]


def test_the_referrer_reading_their_own_referral_is_not_an_access_to_record(world):
    client = Client()
    response = client.get(f"/api/referrals/{world.referral_a.pk}/", HTTP_AUTHORIZATION=f"Token {world.api_key_a}")
    assert response.status_code == 200
    assert log_rows(world.referral_a) == []


def test_refused_reads_leave_no_row(world):
    assert as_user(world.staff_b).get(f"/admin/referrals/referral/{world.referral_a.pk}/change/").status_code == 404
    assert as_user(world.staff_b).get(f"/api/referrals/{world.referral_a.pk}/").status_code == 404
    assert Client().get(f"/api/referrals/{world.referral_a.pk}/").status_code == 404
    assert log_rows(world.referral_a) == []


def test_posting_a_status_change_is_not_logged_as_a_read(world):
    client = as_user(world.staff_a)
    url = f"/admin/referrals/referral/{world.referral_a.pk}/change/"
    client.get(url)
    response = client.post(
        url,
        {
            "new_status": "contacted",
            "status_note": "",
            "status_changes-TOTAL_FORMS": "0",
            "status_changes-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert log_rows(world.referral_a) == [("staff-a", "admin")]


def test_site_staff_audit_the_log_read_only(world):
    as_user(world.staff_a).get(f"/api/referrals/{world.referral_a.pk}/")
    row = ReferralAccessLog.objects.get()
    auditor = as_user(world.site_staff)
    listing = auditor.get("/admin/referrals/referralaccesslog/")
    assert listing.status_code == 200 and b"staff-a" in listing.content
    page = auditor.get(f"/admin/referrals/referralaccesslog/{row.pk}/change/")
    assert page.status_code == 200 and b'name="username"' not in page.content  # read-only
    assert auditor.post(f"/admin/referrals/referralaccesslog/{row.pk}/change/", {}).status_code == 403
    assert auditor.post(f"/admin/referrals/referralaccesslog/{row.pk}/delete/", {"post": "yes"}).status_code == 403
    assert auditor.get("/admin/referrals/referralaccesslog/add/").status_code == 403
    # The referral's own page lists who opened it, for site staff.
    referral_page = auditor.get(f"/admin/referrals/referral/{world.referral_a.pk}/change/")
    assert b"opened by (access log)" in referral_page.content.lower()
    assert ReferralAccessLog.objects.count() == 1  # site staff saw no patient: not an opening


def test_clinic_staff_cannot_read_the_log(world):
    client = as_user(world.staff_a)
    assert client.get("/admin/referrals/referralaccesslog/").status_code == 403
    page = client.get(f"/admin/referrals/referral/{world.referral_a.pk}/change/")
    assert b"access log" not in page.content.lower()


def test_the_log_keeps_the_username_when_the_account_is_deleted(world):
    as_user(world.staff_a).get(f"/api/referrals/{world.referral_a.pk}/")
    world.staff_a.delete()
    row = ReferralAccessLog.objects.get()
    assert row.user is None and row.username == "staff-a"
