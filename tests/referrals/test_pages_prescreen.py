"""The /prescreen/ page flow with the test client: steps, crisis, outcome, nearby clinics."""

import pytest
from django.contrib.sessions.models import Session

from referrals.models import Referral

from .helpers import crisis_answers, suitable_answers
from .pages import current_step, hidden_state, search_near, walk

DISCLAIMER = "This is a screening, not medical advice or a diagnosis. A clinician decides."
PHQ_CREDIT = "PHQ developed by Drs. Spitzer, Williams, Kroenke and colleagues"


@pytest.mark.django_db
def test_first_step_shows_988_and_911_before_the_first_question(client):
    response = client.get("/prescreen/")
    html = response.content.decode()
    assert response.status_code == 200
    assert DISCLAIMER in html and PHQ_CREDIT in html
    first_question = html.index("Are you 18 or older?")
    assert -1 < html.index("988lifeline.org") < first_question
    assert -1 < html.index('href="tel:911"') < first_question
    assert "off-label" in html and "2 hours of monitoring" in html
    assert 'method="post"' in html
    assert current_step(response) == "safety"


@pytest.mark.django_db
def test_steps_in_the_order_of_screening_md_without_follow_ups(client):
    steps = []
    response = client.get("/prescreen/")
    answers = suitable_answers()
    from .pages import form_data

    while (step := current_step(response)) is not None:
        steps.append(step)
        response = client.post(
            "/prescreen/", {"state": hidden_state(response), "step": step, "action": "next"} | form_data(step, answers)
        )
        assert response.status_code == 200
    assert steps == ["safety", "care", "health", "mind", "everyday"]
    assert "Nothing in your answers stands in the way" in response.content.decode()


@pytest.mark.django_db
def test_follow_up_step_only_after_self_harm_thoughts(client):
    response = client.get("/prescreen/")
    data = {"state": hidden_state(response), "step": "safety", "action": "next"}
    data |= {"age_18_or_over": "yes", "phq2_interest": "1", "phq2_mood": "2", "self_harm_thoughts": "1"}
    response = client.post("/prescreen/", data)
    assert current_step(response) == "safety_follow_up"
    html = response.content.decode()
    assert "You are not alone" in html and 'href="tel:988"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("follow_up", [{"suicide_intent_or_plan": True}, {"suicide_behavior": "past_3_months"}])
def test_crisis_ends_at_once_and_stores_nothing(client, referral_clinic, follow_up):
    answers = crisis_answers(suicide_intent_or_plan=False) | follow_up
    response = walk(client, answers)
    assert response.status_code == 302
    assert response["Location"] == "/prescreen/crisis/"
    page = client.get(response["Location"])
    html = page.content.decode()
    for needle in ('href="tel:988"', 'href="sms:988"', "988lifeline.org", 'href="tel:911"', "You are not alone"):
        assert needle in html
    # Nothing asked after the safety questions, nothing kept anywhere.
    assert "allergic" not in html
    assert not Referral.objects.exists()
    assert not Session.objects.exists()


@pytest.mark.django_db
def test_missing_answer_reshows_the_step_naming_the_question(client):
    response = client.get("/prescreen/")
    data = {"state": hidden_state(response), "step": "safety", "action": "next", "age_18_or_over": "yes"}
    response = client.post("/prescreen/", data)
    html = response.content.decode()
    assert response.status_code == 400
    assert current_step(response) == "safety"
    assert "Please answer this question." in html
    assert 'href="#q-phq2_interest"' in html
    assert 'value="yes" checked' in html  # the answer given is kept


@pytest.mark.django_db
def test_missing_follow_up_is_asked_again(client):
    response = client.get("/prescreen/")
    data = {"state": hidden_state(response), "step": "safety", "action": "next"}
    data |= {"age_18_or_over": "yes", "phq2_interest": "0", "phq2_mood": "0", "self_harm_thoughts": "2"}
    response = client.post("/prescreen/", data)
    response = client.post(
        "/prescreen/", {"state": hidden_state(response), "step": "safety_follow_up", "action": "next"}
    )
    assert response.status_code == 400
    assert "needed when thoughts of self-harm are reported" in response.content.decode()


@pytest.mark.django_db
def test_tampered_state_starts_again(client):
    response = client.post("/prescreen/", {"state": "forged:value", "step": "care", "action": "next"})
    assert response.status_code == 400
    assert current_step(response) == "safety"


@pytest.mark.django_db
def test_back_button_shows_the_previous_step_with_answers(client):
    response = client.get("/prescreen/")
    data = {"state": hidden_state(response), "step": "safety", "action": "next"}
    data |= {"age_18_or_over": "yes", "phq2_interest": "3", "phq2_mood": "0", "self_harm_thoughts": "0"}
    response = client.post("/prescreen/", data)
    assert current_step(response) == "care"
    back = client.post("/prescreen/", {"state": hidden_state(response), "step": "care", "action": "back"})
    assert current_step(back) == "safety"
    assert 'id="q-phq2_interest-3" name="phq2_interest" value="3" checked' in back.content.decode()


@pytest.mark.django_db
def test_review_outcome_shows_reasons_flags_and_clinician_decides(client):
    response = walk(client, suitable_answers(pregnancy="yes", ride_home=False))
    html = response.content.decode()
    assert response.status_code == 200
    assert "a doctor needs to check some things first" in html
    assert "A clinician at the clinic decides" in html
    assert "approved" not in html.lower()
    assert "Ketamine may harm an unborn baby" in html  # R-PREGNANCY in plain words
    assert "You will need a ride home" in html  # F-RIDE
    assert 'name="near"' in html


@pytest.mark.django_db
def test_not_suitable_points_to_own_doctor_without_location_form(client, referral_clinic):
    response = walk(client, suitable_answers(ketamine_allergy="yes"))
    html = response.content.decode()
    assert "does not look safe for you" in html
    assert "own doctor" in html
    assert 'name="near"' not in html
    assert "Send a referral" not in html


@pytest.mark.django_db
def test_location_lists_fitting_clinics_with_treatments_distance_and_payment(client, referral_clinic, other_clinic):
    result = walk(client, suitable_answers(vascular_history="yes"))
    response = search_near(client, result, near="30303", radius="25", payment="self-pay")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Peachtree Imaginary Ketamine" in html and "Decatur Pretend Wellness" in html
    assert html.index("Peachtree Imaginary Ketamine") < html.index("Decatur Pretend Wellness")
    assert "miles away" in html
    assert "Takes your way of paying." in html
    assert "Does not list your way of paying" in html
    assert "Send a referral to Peachtree Imaginary Ketamine" in html
    peachtree = html[html.index("Peachtree Imaginary Ketamine") : html.index("Decatur Pretend Wellness")]
    assert "IV infusion" in peachtree and "Esketamine" not in peachtree


@pytest.mark.django_db
def test_unknown_place_is_shown_on_the_form(client):
    result = walk(client, suitable_answers())
    response = search_near(client, result, near="00000")
    assert response.status_code == 400
    assert "We could not find the ZIP code 00000." in response.content.decode()


@pytest.mark.django_db
def test_no_answers_in_urls_or_session(client, referral_clinic):
    result = walk(client, suitable_answers(substance_use="current"))
    search_near(client, result)
    assert not Session.objects.exists()  # (reading client.session would create one)


@pytest.mark.django_db
def test_prescreen_pages_are_not_cached(client):
    assert "no-store" in client.get("/prescreen/")["Cache-Control"]
