"""The referral admin: scoped to the clinic, "viewed" by a POST, status via the history, nothing else editable."""

import re

import pytest
from django.contrib.auth.models import Group

from referrals.models import Referral, ReferralStatusChange
from tests.factories import UserFactory

from .helpers import PATIENT

LIST_URL = "/admin/referrals/referral/"


def change_url(referral):
    return f"{LIST_URL}{referral.pk}/change/"


def hidden_inputs(html):
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))


def post_change(client, referral, **data):
    page = client.get(change_url(referral))
    form = hidden_inputs(page.content.decode()) | data
    return client.post(change_url(referral), form)


@pytest.fixture
def two_referrals(make_referral, other_clinic):
    mine, _ = make_referral()
    theirs, _ = make_referral(clinic=other_clinic, first_name="Otherina")
    return mine, theirs


@pytest.mark.django_db
def test_clinic_staff_see_only_their_clinics_referrals(client, clinic_staff, two_referrals):
    mine, theirs = two_referrals
    client.force_login(clinic_staff)
    html = client.get(LIST_URL).content.decode()
    assert change_url(mine) in html
    assert change_url(theirs) not in html


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["change/", "history/", "delete/"])
def test_another_clinics_referral_is_404_by_url(client, clinic_staff, two_referrals, suffix):
    _, theirs = two_referrals
    client.force_login(clinic_staff)
    response = client.get(f"{LIST_URL}{theirs.pk}/{suffix}")
    assert response.status_code in (403, 404)
    assert "Otherina" not in response.content.decode()


def viewed_url(referral):
    return f"{LIST_URL}{referral.pk}/viewed/"


@pytest.mark.django_db
def test_opening_changes_nothing_the_mark_viewed_button_does_once(client, clinic_staff, two_referrals):
    """Issue 13, finding 7: a GET (even a cross-site top-level one, which carries a Lax cookie) moves nothing."""
    mine, _ = two_referrals
    client.force_login(clinic_staff)
    response = client.get(change_url(mine))
    assert response.status_code == 200
    html = response.content.decode()
    assert PATIENT["first_name"] in html  # the clinic needs the contact details
    assert f'action="{viewed_url(mine)}"' in html and "Mark as viewed" in html
    mine.refresh_from_db()
    assert mine.status == "sent" and mine.status_changes.count() == 1
    assert client.get(viewed_url(mine)).status_code == 405
    response = client.post(viewed_url(mine))
    assert response.status_code == 302 and response["Location"] == change_url(mine)
    mine.refresh_from_db()
    assert mine.status == "viewed"
    assert mine.viewed_by == clinic_staff and mine.viewed_at is not None
    change = mine.status_changes.last()
    assert (change.from_status, change.to_status, change.by) == ("sent", "viewed", clinic_staff)
    client.post(viewed_url(mine))
    assert mine.status_changes.count() == 2
    assert "Mark as viewed" not in client.get(change_url(mine)).content.decode()


@pytest.mark.django_db
def test_mark_viewed_needs_the_csrf_token(clinic_staff, two_referrals):
    from django.test import Client

    mine, _ = two_referrals
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(clinic_staff)
    assert browser.post(viewed_url(mine)).status_code == 403  # a cross-site form post has no token
    mine.refresh_from_db()
    assert mine.status == "sent"


@pytest.mark.django_db
def test_only_the_receiving_clinic_marks_viewed(client, superuser, other_clinic_staff, two_referrals):
    mine, _ = two_referrals
    client.force_login(superuser)
    assert client.post(viewed_url(mine)).status_code == 403
    client.force_login(other_clinic_staff)
    assert client.post(viewed_url(mine)).status_code == 404
    mine.refresh_from_db()
    assert mine.status == "sent"


@pytest.mark.django_db
def test_superuser_reading_does_not_mark_viewed(client, superuser, two_referrals):
    mine, theirs = two_referrals
    client.force_login(superuser)
    html = client.get(LIST_URL).content.decode()
    assert change_url(mine) in html and change_url(theirs) in html
    assert client.get(change_url(mine)).status_code == 200
    mine.refresh_from_db()
    assert mine.status == "sent"


@pytest.mark.django_db
def test_status_change_appends_history_and_ignores_other_fields(client, clinic_staff, two_referrals):
    mine, _ = two_referrals
    client.force_login(clinic_staff)
    client.post(viewed_url(mine))
    response = post_change(
        client,
        mine,
        new_status="contacted",
        status_note="Left a voicemail",
        patient_first_name="Hacked",
        answers="{}",
        clinic=str(two_referrals[1].clinic_id),
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == "contacted"
    assert mine.patient_first_name == PATIENT["first_name"]
    assert mine.clinic.slug == "peachtree-imaginary"
    assert mine.answers["condition"] == "depression"
    assert list(mine.status_changes.values_list("to_status", "note")) == [
        ("sent", ""),
        ("viewed", "Opened by the clinic."),
        ("contacted", "Left a voicemail"),
    ]


@pytest.mark.django_db
def test_only_allowed_transitions_are_offered(client, clinic_staff, two_referrals):
    mine, _ = two_referrals
    client.force_login(clinic_staff)
    client.post(viewed_url(mine))
    response = post_change(client, mine, new_status="treated")  # viewed → treated is not allowed
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    mine.refresh_from_db()
    assert mine.status == "viewed"


@pytest.mark.django_db
def test_no_add_and_no_delete(client, clinic_staff, superuser, two_referrals):
    mine, _ = two_referrals
    for user in (clinic_staff, superuser):
        client.force_login(user)
        assert client.get(f"{LIST_URL}add/").status_code == 403
        assert client.post(f"{LIST_URL}{mine.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Referral.objects.filter(pk=mine.pk).exists()


@pytest.mark.django_db
def test_history_is_not_editable_anywhere(client, superuser, clinic_staff, two_referrals):
    mine, _ = two_referrals
    client.force_login(clinic_staff)
    html = client.get(change_url(mine)).content.decode()
    assert 'name="status_changes-0-note"' not in html
    assert 'name="status_changes-0-DELETE"' not in html
    client.force_login(superuser)
    assert client.get("/admin/referrals/referralstatuschange/").status_code == 404
    before = list(ReferralStatusChange.objects.values_list("pk", "to_status", "note"))
    post_change(client, mine, **{"status_changes-0-note": "rewritten", "status_changes-0-DELETE": "on"})
    assert list(ReferralStatusChange.objects.values_list("pk", "to_status", "note")) == before


@pytest.mark.django_db
def test_site_staff_may_read_but_not_work_referrals(client, two_referrals):
    mine, _ = two_referrals
    moderator = UserFactory(username="moderator-fictional", is_staff=True)
    moderator.groups.add(Group.objects.get(name="Site staff"))
    client.force_login(moderator)
    assert client.get(change_url(mine)).status_code == 200
    response = client.post(change_url(mine), {"new_status": "declined"})
    assert response.status_code == 403
    mine.refresh_from_db()
    assert mine.status == "sent"


@pytest.mark.django_db
def test_clinic_staff_group_has_the_referral_permissions(clinic_staff):
    assert clinic_staff.has_perm("referrals.view_referral")
    assert clinic_staff.has_perm("referrals.change_referral")
    assert not clinic_staff.has_perm("referrals.add_referral")
    assert not clinic_staff.has_perm("referrals.delete_referral")
