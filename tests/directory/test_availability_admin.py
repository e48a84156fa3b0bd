"""Clinic staff set and confirm their own clinic's availability, never another's (row by row);
their edits of what verification vouches for clear the badge; site staff read a before/after."""

from __future__ import annotations

import datetime
import re
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from directory.models import Clinic, Treatment, TreatmentAvailability
from directory.reminders import confirmation_token
from directory.trust import VERIFIED_FIELDS, edits_needing_review
from tests.directory.admin_world import FAST_HASHERS, build_world, change_form_data, client_for
from tests.directory.availability_helpers import NOW, TODAY, days, set_availability

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture
def world():
    world = build_world()
    world.clinic_a.treatments.set(Treatment.objects.filter(slug__in=["iv-infusion", "im-injection"]))
    world.row_a = set_availability(world.clinic_a, "iv-infusion", "open", opens_in=5, confirmed_days_ago=10)
    world.row_b = set_availability(world.clinic_b, "iv-infusion", "waitlist", weeks=4, confirmed_days_ago=10)
    return world


@pytest.fixture
def clock():
    with mock.patch("django.utils.timezone.now", return_value=NOW) as patched:
        yield patched


def change_url(clinic) -> str:
    return f"/admin/directory/clinic/{clinic.pk}/change/"


def post_edit(client, clinic, **overrides):
    url = change_url(clinic)
    return client.post(url, change_form_data(client.get(url), **overrides))


def pk_of(slug: str) -> str:
    return str(Treatment.objects.get(slug=slug).pk)


# Setting availability -----------------------------------------------------------------------


def test_clinic_staff_set_availability_stamped_with_who_and_when(world, clock):
    client = client_for(world.staff_a)
    response = post_edit(
        client,
        world.clinic_a,
        **{
            "availability-0-status": "waitlist",
            "availability-0-next_opening": "",
            "availability-0-waitlist_weeks": "2",
            "availability-TOTAL_FORMS": "2",
            "availability-1-treatment": pk_of("im-injection"),
            "availability-1-status": "open",
            "availability-1-next_opening": (TODAY + days(9)).isoformat(),
        },
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    rows = {r.treatment.slug: r for r in TreatmentAvailability.objects.filter(clinic=world.clinic_a)}
    assert (rows["iv-infusion"].status, rows["iv-infusion"].waitlist_weeks) == ("waitlist", 2)
    assert rows["iv-infusion"].expected_opening == TODAY + days(14)
    assert rows["im-injection"].next_opening == TODAY + days(9)
    assert all((r.confirmed_at, r.confirmed_by) == (NOW, world.staff_a) for r in rows.values())


def test_an_open_row_without_a_date_is_refused_with_a_message(world):
    response = post_edit(client_for(world.staff_a), world.clinic_a, **{"availability-0-next_opening": ""})
    assert response.status_code == 200
    formset = next(
        f.formset for f in response.context["inline_admin_formsets"] if f.formset.model is TreatmentAvailability
    )
    assert "next_opening" in formset.forms[0].errors
    assert TreatmentAvailability.objects.get(pk=world.row_a.pk).next_opening == TODAY + days(5)


# Tenancy, row by row ------------------------------------------------------------------------


def test_the_inline_lists_only_the_clinics_own_rows(world):
    page = client_for(world.staff_a).get(change_url(world.clinic_a))
    [formset] = [f.formset for f in page.context["inline_admin_formsets"] if f.formset.model is TreatmentAvailability]
    assert [form.instance.pk for form in formset.initial_forms] == [world.row_a.pk]


def test_clinic_staff_cannot_open_or_post_another_clinics_page(world):
    client = client_for(world.staff_a)
    assert client.get(change_url(world.clinic_b)).status_code in (302, 403, 404)
    response = client.post(change_url(world.clinic_b), {"availability-0-id": str(world.row_b.pk)})
    assert response.status_code in (302, 403, 404)
    assert TreatmentAvailability.objects.get(pk=world.row_b.pk).waitlist_weeks == 4


@pytest.mark.parametrize("delete", [False, True])
def test_a_row_of_another_clinic_slipped_into_the_form_is_ignored(world, delete):
    client = client_for(world.staff_a)
    overrides = {"availability-0-id": str(world.row_b.pk), "availability-0-waitlist_weeks": "1"}
    if delete:
        overrides["availability-0-DELETE"] = "on"
    post_edit(client, world.clinic_a, **overrides)
    row_b = TreatmentAvailability.objects.get(pk=world.row_b.pk)  # still there, unchanged
    assert (row_b.clinic_id, row_b.waitlist_weeks, row_b.confirmed_by) == (world.clinic_b.pk, 4, None)


def test_a_new_row_cannot_be_hung_on_another_clinic(world):
    client = client_for(world.staff_a)
    data = change_form_data(
        client.get(change_url(world.clinic_a)),
        **{
            "availability-TOTAL_FORMS": "2",
            "availability-1-treatment": pk_of("im-injection"),
            "availability-1-status": "closed",
        },
    )
    client.post(change_url(world.clinic_a), {**data, "availability-1-clinic": str(world.clinic_b.pk)})
    assert not TreatmentAvailability.objects.filter(clinic=world.clinic_b, treatment__slug="im-injection").exists()


def test_still_correct_button_confirms_only_a_managed_clinic(world, clock):
    client = client_for(world.staff_a)
    assert client.get(f"/admin/directory/clinic/{world.clinic_a.pk}/confirm/").status_code == 405  # never on GET
    assert client.post(f"/admin/directory/clinic/{world.clinic_b.pk}/confirm/").status_code == 404
    assert TreatmentAvailability.objects.get(pk=world.row_b.pk).confirmed_at == NOW - days(10)
    assert client.post(f"/admin/directory/clinic/{world.clinic_a.pk}/confirm/").status_code == 302
    assert TreatmentAvailability.objects.get(pk=world.row_a.pk).confirmed_at == NOW
    assert Clinic.objects.get(pk=world.clinic_a.pk).details_confirmed_at == NOW
    assert b"Still correct" in client.get(change_url(world.clinic_a)).content


def test_still_correct_action_reaches_only_managed_clinics(world, clock):
    client = client_for(world.staff_a)
    client.post(
        "/admin/directory/clinic/",
        {"action": "confirm_still_correct", "_selected_action": [world.clinic_a.pk, world.clinic_b.pk]},
    )
    assert TreatmentAvailability.objects.get(pk=world.row_a.pk).confirmed_at == NOW
    assert TreatmentAvailability.objects.get(pk=world.row_b.pk).confirmed_at == NOW - days(10)


def test_site_staff_set_any_clinics_availability(world, clock):
    response = post_edit(client_for(world.site_staff), world.clinic_b, **{"availability-0-waitlist_weeks": "1"})
    assert response.status_code == 302
    row_b = TreatmentAvailability.objects.get(pk=world.row_b.pk)
    assert (row_b.waitlist_weeks, row_b.confirmed_by) == (1, world.site_staff)


# Verification cleared by clinic staff's edits ----------------------------------------------


def verify(clinic):
    Clinic.objects.filter(pk=clinic.pk).update(verified=True, verified_at=timezone.localdate())


def test_what_clears_verification():
    assert edits_needing_review(["description", "price_from", "email"]) == []
    assert edits_needing_review(["website", "phone", "description"]) == ["phone", "website"]
    assert set(VERIFIED_FIELDS) == {
        "name", "street_address", "zip_code", "city", "phone", "website", "treatments", "rems_certified",
    }  # fmt: skip


@pytest.mark.parametrize(
    "overrides",
    [
        {"name": "Alpha Ketamine Renamed"},
        {"street_address": "2 Other St"},
        {"zip_code": "30308"},
        {"phone": "(404) 555-0111"},
        {"website": "https://alpha.example.org"},
        {"treatments": []},
    ],
    ids=lambda o: next(iter(o)),
)
def test_a_clinic_staff_edit_of_a_vouched_field_clears_the_badge(world, overrides):
    verify(world.clinic_a)
    response = post_edit(client_for(world.staff_a), world.clinic_a, **overrides)
    assert response.status_code == 302
    clinic = Clinic.objects.get(pk=world.clinic_a.pk)
    assert clinic.verified is False
    assert clinic.history.first().history_change_reason.startswith("Verification cleared until site staff review")


def test_other_edits_and_site_staff_edits_keep_the_badge(world):
    verify(world.clinic_a)
    assert post_edit(client_for(world.staff_a), world.clinic_a, description="New words.").status_code == 302
    assert Clinic.objects.get(pk=world.clinic_a.pk).verified is True
    assert post_edit(client_for(world.site_staff), world.clinic_a, phone="(404) 555-0122").status_code == 302
    assert Clinic.objects.get(pk=world.clinic_a.pk).verified is True


def test_rems_certification_is_not_clinic_staffs_to_change(world):
    verify(world.clinic_a)
    post_edit(client_for(world.staff_a), world.clinic_a, rems_certified="on")
    clinic = Clinic.objects.get(pk=world.clinic_a.pk)
    assert (clinic.rems_certified, clinic.verified) == (False, True)


def test_history_shows_site_staff_a_readable_before_and_after(world):
    site = client_for(world.site_staff)
    site.post("/admin/directory/clinic/", {"action": "verify_clinics", "_selected_action": [world.clinic_a.pk]})
    post_edit(
        client_for(world.staff_a),
        world.clinic_a,
        phone="(404) 555-0142",
        treatments=[pk_of("iv-infusion")],
    )
    site.post("/admin/directory/clinic/", {"action": "verify_clinics", "_selected_action": [world.clinic_a.pk]})
    page = site.get(f"/admin/directory/clinic/{world.clinic_a.pk}/history/").content.decode()
    text = re.sub(r"<[^>]+>", " ", page).replace("&nbsp;", " ").replace("&rarr;", "→")
    text = re.sub(r"\s+", " ", text)
    assert "Phone: (404) 555-0100 → (404) 555-0142" in text
    assert "Treatments: IM injection, IV infusion → IV infusion (removed: IM injection)" in text
    assert "Verified: Yes → No" in text  # the clinic's edit cleared it
    assert "Verified: No → Yes" in text  # the moderator's verify restored it
    # The verify actions changed only the badge: no list reads as emptied.
    assert text.count("Treatments:") == 2 and "→ —" not in text and "[]" not in text


# The monthly reminder and its one-click link ------------------------------------------------


def test_monthly_reminder_and_its_link_confirm_on_post_only(world, settings):
    world.staff_a.email = "staff-a@example.org"
    world.staff_a.save()
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        call_command("send_listing_reminders", stdout=None)
        call_command("send_listing_reminders", stdout=None)  # a second run the same month sends nothing
    assert [m.to for m in mail.outbox] == [["staff-a@example.org"]]
    body = mail.outbox[0].body
    assert "Alpha Ketamine Atlanta" in body and "patient" not in body.split("Hello")[1].split("\n\n")[0]
    link = re.search(r"http\S+/listing/confirm/\S+/", body).group(0)
    path = link.removeprefix(settings.SITE_URL)
    later = NOW + days(3)
    with mock.patch("django.utils.timezone.now", return_value=later):
        page = world_client().get(path)
        assert page.status_code == 200 and b"Still correct" in page.content
        assert TreatmentAvailability.objects.get(pk=world.row_a.pk).confirmed_at == NOW - days(
            10
        )  # GET changes nothing
        assert world_client().post(path).status_code == 200
    row = TreatmentAvailability.objects.get(pk=world.row_a.pk)
    assert (row.confirmed_at, row.confirmed_by) == (later, world.staff_a)
    assert TreatmentAvailability.objects.get(pk=world.row_b.pk).confirmed_at == NOW - days(10)
    with mock.patch("django.utils.timezone.now", return_value=NOW + days(31)):
        call_command("send_listing_reminders", stdout=None)
    assert len(mail.outbox) == 2  # a month later, the next reminder


def world_client():
    from django.test import Client

    return Client(enforce_csrf_checks=False)


@pytest.mark.parametrize("token", ["garbage", "x" * 300])
def test_a_bad_or_foreign_link_confirms_nothing(world, token):
    assert world_client().post(f"/listing/confirm/{token}/").status_code == 404
    # A valid signature for a user who is not staff of that clinic is refused too.
    foreign = confirmation_token(clinic_id=world.clinic_b.pk, user_id=world.staff_a.pk)
    assert world_client().post(f"/listing/confirm/{foreign}/").status_code == 404
    assert TreatmentAvailability.objects.get(pk=world.row_b.pk).confirmed_by is None


def test_an_expired_link_confirms_nothing(world):
    token = confirmation_token(clinic_id=world.clinic_a.pk, user_id=world.staff_a.pk)
    with mock.patch("django.core.signing.time.time", return_value=datetime.datetime.now().timestamp() + 46 * 86400):
        assert world_client().post(f"/listing/confirm/{token}/").status_code == 404


def test_availability_of_a_treatment_not_offered_is_removed_with_a_warning(world):
    client = client_for(world.staff_a)
    response = post_edit(
        client,
        world.clinic_a,
        **{
            "availability-TOTAL_FORMS": "2",
            "availability-1-treatment": pk_of("oral-sublingual"),  # not offered by clinic A
            "availability-1-status": "closed",
        },
    )
    assert response.status_code == 302
    assert not TreatmentAvailability.objects.filter(clinic=world.clinic_a, treatment__slug="oral-sublingual").exists()
    page = client.get(response.url)
    assert "does not offer was removed" in page.content.decode()
