"""Issue 13, finding 1: site staff never see a referral's patient; a privacy officer may, with a reason.

Site staff moderate listings: of a referral they see the clinic, status, dates and outcome.
The patient's identity, contact, answers, findings and notes are for the parties (the
referrer, the receiving clinic's staff) and superusers. A privacy officer opens one
referral's details after typing a reason, which is logged and shown to the clinic.
"""

from __future__ import annotations

import pytest
from django.test import Client

from referrals.models import ReferralAccessLog
from referrals.services import change_status
from referrals.workflow import Status
from tests.security.world import SECRETS_A, build_world

pytestmark = pytest.mark.django_db

REASON = "Subject access request no. 1234 from the patient, checking what we hold."


@pytest.fixture
def world():
    return build_world()


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def change_url(referral) -> str:
    return f"/admin/referrals/referral/{referral.pk}/change/"


def disclose_url(referral) -> str:
    return f"/admin/referrals/referral/{referral.pk}/disclose/"


def shown(text: str) -> list[str]:
    return [secret for secret in SECRETS_A if secret in text]


def test_site_staff_get_404_from_the_referral_api_and_leave_no_log_row(world):
    response = as_user(world.site_staff).get(f"/api/referrals/{world.referral_a.pk}/")
    assert response.status_code == 404
    assert not shown(response.content.decode())
    assert not ReferralAccessLog.objects.exists()


def test_site_staff_see_the_row_but_not_the_patient_in_the_admin(world):
    change_status(referral=world.referral_a, to_status=Status.CONTACTED, by=world.staff_a, note="Called Ottoline.")
    html = as_user(world.site_staff).get(change_url(world.referral_a)).content.decode()
    assert world.clinic_a.name in html and "The clinic contacted the patient" in html and "Suitable" in html
    assert "only the referrer and the receiving clinic see the patient" in html
    assert not shown(html), "patient details or the history note reached site staff"
    for section in (">Pre-screen<", ">Patient<", ">Note<", ">Consent<", "Reasons and flags", ">Answers"):
        assert section not in html
    # Nothing about the patient was shown, so nothing is logged as an opening.
    assert not ReferralAccessLog.objects.exists()


def test_site_staff_list_does_not_show_what_derives_from_the_answers(world):
    html = as_user(world.site_staff).get("/admin/referrals/referral/").content.decode()
    assert f"Referral #{world.referral_a.pk}" in html
    assert "High priority" not in html and "high_priority" not in html


@pytest.mark.parametrize(
    "query",
    [
        "patient_last_name__startswith=Quib",
        "patient_email__icontains=ottoline",
        "patient_phone__contains=0177",
        "note__contains=school",
        "answers__condition=depression",
        "findings__icontains=rule",
        "tracking_token_hash__startswith=a",
        "status_changes__note__contains=x",
        "high_priority__exact=1",
    ],
)
def test_site_staff_cannot_filter_the_list_by_patient_fields(world, query):
    """Django allows any lookup on a local field in the URL: an oracle on names, unless refused."""
    response = as_user(world.site_staff).get(f"/admin/referrals/referral/?{query}")
    assert response.status_code == 400


def test_clinic_staff_keep_their_filters(world):
    response = as_user(world.staff_a).get("/admin/referrals/referral/?high_priority__exact=0&status__exact=sent")
    assert response.status_code == 200 and f"Referral #{world.referral_a.pk}" in response.content.decode()


def test_site_staff_without_the_role_cannot_open_the_details(world):
    client = as_user(world.site_staff)
    assert client.get(disclose_url(world.referral_a)).status_code == 403
    response = client.post(disclose_url(world.referral_a), {"reason": REASON})
    assert response.status_code == 403 and not shown(response.content.decode())
    assert not ReferralAccessLog.objects.exists()


def test_a_privacy_officer_needs_a_reason(world):
    client = as_user(world.privacy_officer)
    page = client.get(change_url(world.referral_a)).content.decode()
    assert not shown(page) and disclose_url(world.referral_a) in page
    form = client.get(disclose_url(world.referral_a))
    assert form.status_code == 200 and not shown(form.content.decode())
    for reason in ("", "   ", "because"):
        response = client.post(disclose_url(world.referral_a), {"reason": reason})
        assert response.status_code == 400 and not shown(response.content.decode())
    assert not ReferralAccessLog.objects.exists()


def test_a_privacy_officer_with_a_reason_sees_the_details_once_and_the_clinic_sees_why(world):
    officer = as_user(world.privacy_officer)
    response = officer.post(disclose_url(world.referral_a), {"reason": REASON})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ottoline" in html and "ottoline.quibble@example.org" in html and "school run" in html
    assert "no-store" in response["Cache-Control"]
    entry = ReferralAccessLog.objects.get()
    assert (entry.username, entry.via, entry.reason) == ("privacy-officer", "disclosure", REASON)
    # Nothing stays open: the change page is the redacted one again.
    assert not shown(officer.get(change_url(world.referral_a)).content.decode())
    clinic_page = as_user(world.staff_a).get(change_url(world.referral_a)).content.decode()
    assert ">Pre-screen<" in clinic_page and "Opened by a privacy officer" in clinic_page
    assert "privacy-officer" in clinic_page and REASON in clinic_page


def test_a_privacy_officer_cannot_read_the_api_either(world):
    response = as_user(world.privacy_officer).get(f"/api/referrals/{world.referral_a.pk}/")
    assert response.status_code == 404


def test_the_demo_site_staff_account_is_not_a_privacy_officer(db):
    from directory.demo_accounts import create_demo_accounts
    from referrals.access import is_privacy_officer

    create_demo_accounts()
    from django.contrib.auth import get_user_model

    demo_staff = get_user_model().objects.get(username="demo-staff")
    assert demo_staff.is_staff and not demo_staff.is_superuser
    assert not is_privacy_officer(demo_staff)
