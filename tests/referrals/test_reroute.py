"""Re-routing in one click after a decline or 'no capacity', for the referrer and for the patient."""

import re

import pytest

from referrals.models import Referral
from referrals.services import change_status

from .helpers import PATIENT


@pytest.fixture
def declined(make_referral, referrer, other_clinic):
    referral, token = make_referral(referrer=referrer)
    change_status(referral=referral, to_status="declined", note="Full until spring.")
    return referral, token


def post(client, url, **data):
    return client.post(url, {"clinic": "decatur-pretend", "consent": "on"} | data)


@pytest.mark.django_db
def test_referrer_reroutes_with_the_stored_answers_and_a_new_consent(
    client, declined, referrer, mailoutbox, django_capture_on_commit_callbacks
):
    old, _ = declined
    client.force_login(referrer)
    page = client.get(f"/referrals/{old.pk}/").content.decode()
    assert "Other clinics that may fit" in page
    assert (
        "The patient agreed that their name, contact details, pre-screen answers and this note are sent to "
        "Decatur Pretend Wellness" in page
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, f"/referrals/{old.pk}/reroute/")
    new = Referral.objects.get(rerouted_from=old)
    assert response.status_code == 302 and response["Location"] == f"/referrals/{new.pk}/"
    assert new.clinic.slug == "decatur-pretend" and new.status == "sent"
    assert new.answers == old.answers and new.note == old.note and new.referrer == referrer
    assert new.patient_email == old.patient_email and new.consent_given_at > old.consent_given_at
    old.refresh_from_db()
    assert old.status == "declined"  # its history stays as the clinic left it
    new_page = client.get(f"/referrals/{new.pk}/").content.decode()
    assert "Clinics this referral was sent to" in new_page
    assert f'href="/referrals/{old.pk}/"' in new_page and "Peachtree Imaginary Ketamine" in new_page
    old_page = client.get(f"/referrals/{old.pk}/").content.decode()
    assert f'href="/referrals/{new.pk}/"' in old_page
    assert "reroute-form" not in old_page  # sent on once only
    # The patient gets the new tracking link; the new clinic gets its notice.
    assert {"intake@decatur.example.org", PATIENT["email"]} <= {m.to[0] for m in mailoutbox}


@pytest.mark.django_db
def test_rerouting_needs_consent_and_asks_no_answer_again(client, declined, referrer):
    old, _ = declined
    client.force_login(referrer)
    response = client.post(f"/referrals/{old.pk}/reroute/", {"clinic": "decatur-pretend"})
    assert response.status_code == 400
    assert "Consent is required" in response.content.decode()
    assert "Is the patient 18 or older?" in response.content.decode()  # the answers shown, not asked
    assert 'name="age_18_or_over"' not in response.content.decode()
    assert not Referral.objects.filter(rerouted_from=old).exists()


@pytest.mark.django_db
def test_rerouting_only_to_a_listed_clinic_and_only_once(client, declined, referrer, referral_clinic):
    old, _ = declined
    client.force_login(referrer)
    assert post(client, f"/referrals/{old.pk}/reroute/", clinic=referral_clinic.slug).status_code == 422
    assert post(client, f"/referrals/{old.pk}/reroute/", clinic="no-such-clinic").status_code == 422
    assert post(client, f"/referrals/{old.pk}/reroute/").status_code == 302
    again = post(client, f"/referrals/{old.pk}/reroute/")
    assert again.status_code == 422 and Referral.objects.filter(rerouted_from=old).count() == 1


@pytest.mark.django_db
def test_an_active_referral_is_not_rerouted(client, make_referral, referrer, other_clinic):
    referral, _ = make_referral(referrer=referrer)
    client.force_login(referrer)
    assert post(client, f"/referrals/{referral.pk}/reroute/").status_code == 422
    assert not Referral.objects.filter(rerouted_from=referral).exists()


@pytest.mark.django_db
def test_only_the_referrer_may_reroute_from_the_referral_page(
    client, declined, other_referrer, clinic_staff, other_clinic_staff
):
    old, _ = declined
    for user in (other_referrer, clinic_staff, other_clinic_staff):
        client.force_login(user)
        assert post(client, f"/referrals/{old.pk}/reroute/").status_code == 404
    client.logout()
    assert post(client, f"/referrals/{old.pk}/reroute/").status_code == 302  # to the login page
    assert not Referral.objects.filter(rerouted_from=old).exists()


@pytest.mark.django_db
def test_patient_reroutes_from_the_tracking_page(
    client, make_referral, other_clinic, mailoutbox, django_capture_on_commit_callbacks
):
    old, token = make_referral()
    change_status(referral=old, to_status="no_capacity")
    page = client.get(f"/referrals/track/{token}/").content.decode()
    assert "I agree that my name, contact details, pre-screen answers and note are sent to Decatur Pretend" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, f"/referrals/track/{token}/reroute/")
    new = Referral.objects.get(rerouted_from=old)
    assert response.status_code == 302
    new_path = response["Location"]
    assert re.fullmatch(r"/referrals/track/[^/]+/", new_path) and token not in new_path
    new_page = client.get(new_path).content.decode()
    assert "Referral to Decatur Pretend Wellness" in new_page and "Peachtree Imaginary Ketamine" in new_page
    for secret in (PATIENT["first_name"], PATIENT["last_name"], PATIENT["email"]):
        assert secret not in new_page
    assert new.answers == old.answers and new.referrer is None
    old_page = client.get(f"/referrals/track/{token}/").content.decode()
    assert "Clinics this referral was sent to" in old_page and "reroute-form" not in old_page
    # The new link reaches the patient's inbox too.
    assert any(new_path in m.body for m in mailoutbox if m.to == [PATIENT["email"]])


@pytest.mark.django_db
def test_patient_reroute_needs_the_link_and_consent(client, make_referral, other_clinic):
    old, token = make_referral()
    change_status(referral=old, to_status="declined")
    assert post(client, "/referrals/track/guessed-token/reroute/").status_code == 404
    response = client.post(f"/referrals/track/{token}/reroute/", {"clinic": "decatur-pretend"})
    assert response.status_code == 400 and "Consent is required" in response.content.decode()
    assert not Referral.objects.filter(rerouted_from=old).exists()
