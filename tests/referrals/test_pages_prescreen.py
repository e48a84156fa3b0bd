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
    assert "approved for treatment-resistant depression and for depression with suicidal thoughts" in html
    assert 'method="post"' in html
    assert current_step(response) == "age"
    assert "In the past 2 weeks" not in html  # the age question is its own first step


@pytest.mark.django_db
def test_steps_in_order_with_the_attempt_question_asked_of_everyone(client):
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
    assert steps == ["age", "safety", "safety_follow_up", "care", "health", "mind", "everyday"]
    assert "Nothing in your answers stands in the way" in response.content.decode()


@pytest.mark.django_db
def test_safety_follow_up_asks_everyone_about_an_attempt_and_the_plan_only_after_thoughts(client):
    without = walk(client, {"age_18_or_over": True, "phq2_interest": 0, "phq2_mood": 0, "self_harm_thoughts": 0})
    assert current_step(without) == "safety_follow_up"
    html = without.content.decode()
    assert 'name="suicide_behavior"' in html and 'name="suicide_intent_or_plan"' not in html
    assert "We ask everyone" in html

    with_thoughts = walk(client, {"age_18_or_over": True, "phq2_interest": 1, "phq2_mood": 2, "self_harm_thoughts": 1})
    assert current_step(with_thoughts) == "safety_follow_up"
    html = with_thoughts.content.decode()
    assert 'name="suicide_behavior"' in html and 'name="suicide_intent_or_plan"' in html
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
    response = walk(client, {"age_18_or_over": True})
    data = {"state": hidden_state(response), "step": "safety", "action": "next", "phq2_mood": "2"}
    response = client.post("/prescreen/", data)
    html = response.content.decode()
    assert response.status_code == 400
    assert current_step(response) == "safety"
    assert "Please answer this question." in html
    assert 'href="#q-phq2_interest"' in html
    assert 'value="2" checked' in html  # the answer given is kept


@pytest.mark.django_db
def test_missing_follow_up_is_asked_again(client):
    response = walk(client, {"age_18_or_over": True, "phq2_interest": 0, "phq2_mood": 0, "self_harm_thoughts": 2})
    response = client.post(
        "/prescreen/",
        {"state": hidden_state(response), "step": "safety_follow_up", "action": "next", "suicide_behavior": "never"},
    )
    assert response.status_code == 400
    assert "needed when thoughts of self-harm are reported" in response.content.decode()


@pytest.mark.django_db
def test_tampered_state_starts_again(client):
    response = client.post("/prescreen/", {"state": "forged:value", "step": "care", "action": "next"})
    assert response.status_code == 400
    assert current_step(response) == "age"


@pytest.mark.django_db
def test_back_button_shows_the_previous_step_with_answers(client):
    response = walk(
        client,
        {"age_18_or_over": True, "phq2_interest": 3, "phq2_mood": 0, "self_harm_thoughts": 0},
    )
    assert current_step(response) == "safety_follow_up"
    back = client.post("/prescreen/", {"state": hidden_state(response), "step": "safety_follow_up", "action": "back"})
    assert current_step(back) == "safety"
    assert 'id="q-phq2_interest-3" name="phq2_interest" value="3" checked' in back.content.decode()


@pytest.mark.django_db
def test_review_outcome_shows_reasons_flags_and_clinician_decides(client):
    response = walk(client, suitable_answers(pregnancy="breastfeeding", ride_home=False))
    html = response.content.decode()
    assert response.status_code == 200
    assert "a doctor needs to check some things first" in html
    assert "a clinician at the clinic looks at the points below and decides" in html
    assert "you are approved" not in html.lower() and "this is not an approval" in html.lower()
    assert "may pass into breast milk" in html  # R-PREGNANCY in plain words
    assert "You will need someone to take you home" in html  # F-RIDE
    assert "Why we ask" in html and "SPRAVATO (esketamine) nasal spray, FDA prescribing information" in html
    assert "A doctor will talk with you" not in html and "If you send a referral, a doctor" in html
    assert "The clinic should know them" not in html  # no clinics shown yet
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
    result = walk(client, suitable_answers(vascular_history="yes_treated", ride_home=False))
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
    assert "The clinic should know them" in html  # clinics are shown now


@pytest.mark.django_db
def test_unknown_place_is_shown_on_the_form(client):
    result = walk(client, suitable_answers())
    response = search_near(client, result, near="00000")
    assert response.status_code == 400
    assert "We could not find the ZIP code 00000." in response.content.decode()


@pytest.mark.django_db
def test_no_answers_in_urls_or_session(client, referral_clinic):
    result = walk(client, suitable_answers(substance_use="past"))
    search_near(client, result)
    assert not Session.objects.exists()  # (reading client.session would create one)


@pytest.mark.django_db
def test_only_the_empty_start_page_may_be_indexed(client):
    noindex = '<meta name="robots" content="noindex">'
    assert noindex not in client.get("/prescreen/").content.decode()  # what a search for the check finds
    answered = walk(client, {"age_18_or_over": True})
    assert current_step(answered) == "safety"
    assert noindex in answered.content.decode()


@pytest.mark.django_db
def test_prescreen_pages_are_not_cached(client):
    assert "no-store" in client.get("/prescreen/")["Cache-Control"]


@pytest.mark.django_db
def test_routed_clinics_show_the_next_opening_of_their_fitting_treatments(client, referral_clinic):
    from tests.directory.availability_helpers import set_availability

    set_availability(referral_clinic, "iv-infusion", "open", opens_in=3)
    set_availability(referral_clinic, "esketamine-nasal-spray", "waitlist", weeks=2)
    result = walk(client, suitable_answers(vascular_history="yes_treated"))  # esketamine does not fit
    html = search_near(client, result).content.decode()
    card = html[html.index("Peachtree Imaginary Ketamine") :]
    assert "next opening" in card
    assert "waitlist of about 2 weeks" not in card  # only the fitting treatments' openings


OFF_LABEL = "Ketamine for depression, anxiety, PTSD and pain is off-label"


@pytest.mark.django_db
def test_every_prescreen_page_carries_the_required_words(client, referral_clinic):
    """The screening disclaimer, the emergency line and the off-label paragraph: steps, result, crisis, form."""
    from .pages import open_referral_form

    pages = {
        "step": client.get("/prescreen/"),
        "result": walk(client, suitable_answers()),
        "crisis": client.get("/prescreen/crisis/"),
        "referral form": open_referral_form(client, referral_clinic),
    }
    for name, response in pages.items():
        html = response.content.decode()
        assert response.status_code == 200, name
        assert DISCLAIMER in html, name
        assert 'href="tel:911"' in html and "988" in html, name
        assert OFF_LABEL in html and "2 hours of monitoring" in html, name
