"""Referral pages: send from a routed result, confirmation, referrer pages, tracking."""

import re

import pytest

from referrals.flow import STEPS
from referrals.models import Referral
from referrals.services import change_status
from tests.factories import ClinicFactory

from .helpers import ALL_TREATMENTS, PATIENT, suitable_answers
from .pages import form_data, hidden_state, open_referral_form, search_near, send, walk


@pytest.mark.django_db
def test_patient_sends_a_referral_and_sees_the_tracking_link_once(client, referral_clinic):
    form_page = open_referral_form(client, referral_clinic)
    html = form_page.content.decode()
    assert form_page.status_code == 200
    assert "I agree that my name, contact details, pre-screen answers and note are sent to Peachtree Imaginary" in html
    response = send(client, form_page, referral_clinic)
    assert response.status_code == 302
    assert response["Location"] == "/referrals/sent/"
    referral = Referral.objects.get()
    assert referral.clinic == referral_clinic and referral.referrer is None
    assert referral.patient_email == PATIENT["email"]
    confirmation = client.get("/referrals/sent/").content.decode()
    tracking = re.search(r'class="tracking-url">(http[^<]+)<', confirmation).group(1)
    assert "/referrals/track/" in tracking
    assert "only once" in confirmation
    assert "/referrals/track/" not in client.get("/referrals/sent/").content.decode()
    status_page = client.get(tracking)
    assert status_page.status_code == 200 and "Referral to Peachtree Imaginary Ketamine" in status_page.content.decode()


@pytest.mark.django_db
def test_resubmitting_the_same_form_does_not_duplicate(client, referral_clinic):
    form_page = open_referral_form(client, referral_clinic)
    send(client, form_page, referral_clinic)
    send(client, form_page, referral_clinic)
    assert Referral.objects.count() == 1


@pytest.mark.django_db
def test_consent_is_required(client, referral_clinic):
    form_page = open_referral_form(client, referral_clinic)
    response = send(client, form_page, referral_clinic, consent=None)
    assert response.status_code == 400
    assert "Please agree, or we cannot send it." in response.content.decode()
    assert not Referral.objects.exists()


@pytest.mark.django_db
def test_contact_needed_for_preferred_channel(client, referral_clinic):
    form_page = open_referral_form(client, referral_clinic)
    response = send(client, form_page, referral_clinic, email="", preferred_contact="email")
    assert response.status_code == 400
    assert "You chose email" in response.content.decode()


@pytest.mark.django_db
def test_clinic_that_does_not_fit_is_refused(client, referral_clinic):
    misfit = ClinicFactory(
        slug="migraine-only", accepts_referrals=True, treatments=ALL_TREATMENTS, conditions=["migraine"]
    )
    result = walk(client, suitable_answers())
    response = client.post("/prescreen/refer/", {"state": hidden_state(result), "clinic": misfit.slug})
    assert response.status_code == 422


@pytest.mark.django_db
def test_refer_without_valid_state_is_refused(client, referral_clinic):
    response = client.post("/prescreen/refer/", {"state": "nope", "clinic": referral_clinic.slug})
    assert response.status_code == 400
    assert client.get("/prescreen/refer/").status_code == 405


# --- referrer pages -------------------------------------------------------------------------


@pytest.mark.django_db
def test_referral_list_requires_login(client):
    response = client.get("/referrals/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_login_page_renders(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert 'name="username"' in response.content.decode()


@pytest.mark.django_db
def test_new_referral_is_for_referrers_only(client, clinic_staff):
    assert client.get("/referrals/new/").status_code == 302
    client.force_login(clinic_staff)
    assert client.get("/referrals/new/").status_code == 403


def all_questions_form(answers):
    data = {}
    for step in STEPS:
        data |= form_data(step, answers)
    return data


@pytest.mark.django_db
def test_referrer_refers_a_patient_and_sees_it_listed(client, referrer, referral_clinic, make_referral, other_referrer):
    make_referral(referrer=other_referrer, first_name="Someone", last_name="Elsewhere")
    client.force_login(referrer)
    page = client.get("/referrals/new/")
    assert page.status_code == 200 and "Refer a patient" in page.content.decode()
    result = client.post("/referrals/new/", all_questions_form(suitable_answers()))
    assert result.status_code == 200
    assert "What the patient's answers mean" in result.content.decode()
    # The location step asks about the patient, not the referrer.
    assert "How far can the patient travel?" in result.content.decode()
    assert "Your ZIP code" not in result.content.decode() and "can you travel" not in result.content.decode()
    listing = search_near(client, result)
    assert "How far can the patient travel?" in listing.content.decode()
    form_page = client.post("/prescreen/refer/", {"state": hidden_state(listing), "clinic": referral_clinic.slug})
    assert "The patient agreed that their name" in form_page.content.decode()
    assert "Peachtree Imaginary Ketamine" in form_page.content.decode()
    assert send(client, form_page, referral_clinic).status_code == 302
    mine = Referral.objects.get(referrer=referrer)
    change_status(referral=mine, to_status="contacted")
    html = client.get("/referrals/").content.decode()
    assert PATIENT["last_name"] in html
    assert "The clinic contacted the patient" in html
    assert "Elsewhere" not in html


@pytest.mark.django_db
def test_referrer_form_errors_name_the_question(client, referrer):
    client.force_login(referrer)
    answers = suitable_answers(self_harm_thoughts=2)
    response = client.post("/referrals/new/", all_questions_form(answers))
    assert response.status_code == 400
    assert 'href="#q-suicide_intent_or_plan"' in response.content.decode()


@pytest.mark.django_db
def test_referrer_crisis_goes_to_the_crisis_page(client, referrer):
    client.force_login(referrer)
    answers = suitable_answers(self_harm_thoughts=3, suicide_intent_or_plan=True, suicide_behavior="never")
    response = client.post("/referrals/new/", all_questions_form(answers))
    assert response.status_code == 302 and response["Location"] == "/prescreen/crisis/"
    assert not Referral.objects.exists()


@pytest.mark.django_db
def test_referrer_state_cannot_be_used_by_someone_else(client, referrer, referral_clinic):
    client.force_login(referrer)
    result = client.post("/referrals/new/", all_questions_form(suitable_answers()))
    state = hidden_state(result)
    client.logout()
    response = client.post("/prescreen/refer/", {"state": state, "clinic": referral_clinic.slug})
    assert response.status_code == 403


# --- tracking -------------------------------------------------------------------------------


def tracking_path(token):
    return f"/referrals/track/{token}/"


@pytest.mark.django_db
def test_tracking_page_shows_status_and_history_but_no_patient_details(client, make_referral, clinic_staff):
    referral, token = make_referral()
    change_status(referral=referral, to_status="contacted", by=clinic_staff, note=f"Called {PATIENT['first_name']}")
    html = client.get(tracking_path(token)).content.decode()
    assert "The clinic contacted the patient" in html
    assert "Sent" in html
    for secret in (PATIENT["first_name"], PATIENT["last_name"], PATIENT["email"], "Mornings are best", "555-0142"):
        assert secret not in html
    assert "peachtree-staff" not in html


@pytest.mark.django_db
def test_unknown_tracking_token_is_404(client):
    assert client.get(tracking_path("not-a-real-token")).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["declined", "no_capacity"])
def test_declined_referral_offers_next_nearest_fitting_clinics(client, make_referral, other_clinic, status):
    ClinicFactory(
        slug="not-taking-referrals", name="Closed Door Clinic", treatments=ALL_TREATMENTS, conditions=["depression"]
    )
    referral, token = make_referral()
    change_status(referral=referral, to_status=status)
    html = client.get(tracking_path(token)).content.decode()
    assert "Other clinics that may fit" in html
    assert "Decatur Pretend Wellness" in html
    assert "Closed Door Clinic" not in html
    listed = html[html.index('<ol class="routed-clinics">') :]
    listed = listed[: listed.index("</ol>")]
    assert ">Decatur Pretend Wellness</a>" in listed
    assert ">Peachtree Imaginary Ketamine</a>" not in listed  # the clinic that declined


@pytest.mark.django_db
def test_active_referral_offers_no_alternatives(client, make_referral, other_clinic):
    _, token = make_referral()
    assert "Other clinics that may fit" not in client.get(tracking_path(token)).content.decode()
