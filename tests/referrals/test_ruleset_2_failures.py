"""The six failures the clinical review found in rule set 1, each proved impossible under rule set 2.

Each test goes through the public surface a patient, referrer or clinic uses: the JSON API,
the pages, the admin.
"""

import json

import pytest

from referrals.models import Referral
from referrals.screening import QUESTIONS_BY_ID, RULES
from tests.factories import ClinicFactory

from .helpers import ALL_TREATMENTS, PATIENT, referral_body, suitable_answers
from .pages import current_step, walk

ESK = "esketamine-nasal-spray"


def prescreen(client, answers, **extra):
    body = {"answers": answers} | extra
    return client.post("/api/prescreen/", json.dumps(body), content_type="application/json")


# 1. A recent attempt without thoughts "in the past 2 weeks" was told suitable; a plan sent with item 9 = 0 was dropped.


@pytest.mark.django_db
def test_failure_1_a_recent_attempt_without_current_thoughts_is_a_crisis(client, referral_clinic):
    answers = suitable_answers(self_harm_thoughts=0, suicide_behavior="past_3_months")
    data = prescreen(client, answers, near="30303").json()
    assert data["outcome"] == "crisis" and data["clinics"] == [] and data["treatment_outcomes"] == {}
    assert {r["contact"] for r in data["crisis_resources"]} >= {"988", "911"}
    refused = client.post("/api/referrals/", json.dumps(referral_body(referral_clinic.slug, answers=answers)),
                          content_type="application/json")  # fmt: skip
    assert refused.status_code == 422 and not Referral.objects.exists()


@pytest.mark.django_db
def test_failure_1_a_plan_sent_with_item_9_at_zero_is_a_crisis(client):
    data = prescreen(client, suitable_answers(self_harm_thoughts=0, suicide_intent_or_plan=True)).json()
    assert data["outcome"] == "crisis" and data["reasons"][0]["rule"] == "R-CRISIS-1"


@pytest.mark.django_db
def test_failure_1_the_page_asks_everyone_about_an_attempt_and_stops_at_a_recent_one(client):
    response = walk(client, suitable_answers(self_harm_thoughts=0, suicide_behavior="past_3_months"))
    assert response.status_code == 302 and response["Location"] == "/prescreen/crisis/"


@pytest.mark.django_db
def test_failure_1_the_attempt_answer_is_required_of_everyone(client):
    answers = suitable_answers(self_harm_thoughts=0)
    del answers["suicide_behavior"]
    response = prescreen(client, answers)
    assert response.status_code == 400 and "suicide_behavior" in response.json()["errors"]


# 2. Esketamine was offered for anxiety, PTSD, pain, bipolar depression and first-episode depression.


@pytest.mark.django_db
@pytest.mark.parametrize("condition", ["anxiety", "ptsd", "chronic-pain", "bipolar-depression", "ocd", "migraine"])
def test_failure_2_esketamine_is_not_approved_outside_depression(client, condition):
    ClinicFactory(slug="esketamine-only", accepts_referrals=True, treatments=[ESK], conditions=[condition])
    data = prescreen(client, suitable_answers(condition=condition), near="30303").json()
    assert data["treatment_outcomes"][ESK] == "not_suitable"
    assert data["treatment_details"][ESK]["kind"] == "indication"
    assert data["reasons"][0]["rule"] == "R-ESK-INDICATION"  # bipolar depression also brings R-MANIA
    assert "SPRAVATO" in data["reasons"][0]["source"]
    assert data["clinics"] == []  # the only clinic offers nothing else


@pytest.mark.django_db
@pytest.mark.parametrize("trials", ["0", "1"])
def test_failure_2_esketamine_needs_two_trials_for_depression_without_suicidal_thoughts(client, trials):
    data = prescreen(client, suitable_answers(antidepressant_trials=trials)).json()
    assert data["treatment_outcomes"][ESK] == "not_suitable"
    assert data["reasons"][0]["rule"] == "R-ESK-TRIALS" and data["reasons"][0]["kind"] == "indication"


@pytest.mark.django_db
def test_failure_2_the_page_says_not_approved_never_not_safe(client):
    html = walk(client, suitable_answers(condition="ptsd")).content.decode()
    assert "Not approved for this condition" in html
    assert "Not safe with these answers" not in html


# 3. Active psychosis, current mania and active substance use got only "review".


@pytest.mark.django_db
@pytest.mark.parametrize("question_id", ["psychosis_history", "mania_history", "substance_use"])
def test_failure_3_current_psychosis_mania_or_substance_use_is_not_suitable_past_is_review(
    client, referral_clinic, question_id
):
    current = prescreen(client, suitable_answers(**{question_id: "current"}), near="30303").json()
    assert current["outcome"] == "not_suitable" and current["clinics"] == []
    assert set(current["treatment_outcomes"].values()) == {"not_suitable"}
    past = prescreen(client, suitable_answers(**{question_id: "past"}), near="30303").json()
    assert past["outcome"] == "review" and past["clinics"]


@pytest.mark.django_db
def test_failure_3_substance_use_gets_the_samhsa_helpline(client):
    data = prescreen(client, suitable_answers(substance_use="current")).json()
    assert [h["contact"] for h in data["helplines"]] == ["1-800-662-4357"]
    html = walk(client, suitable_answers(substance_use="current")).content.decode()
    assert 'href="tel:+18006624357"' in html and "SAMHSA" in html


# 4. An unrepaired aneurysm was routed to IV clinics; pregnancy and severe liver disease did not block
#    esketamine; MAOIs and stimulants were handled differently per route.


@pytest.mark.django_db
def test_failure_4_an_unrepaired_aneurysm_is_routed_nowhere(client, referral_clinic):
    data = prescreen(client, suitable_answers(vascular_history="yes"), near="30303").json()
    assert data["outcome"] == "not_suitable" and data["clinics"] == []
    treated = prescreen(client, suitable_answers(vascular_history="yes_treated"), near="30303").json()
    assert treated["treatment_outcomes"][ESK] == "not_suitable"
    assert ESK not in treated["clinics"][0]["fitting_treatments"]


@pytest.mark.django_db
@pytest.mark.parametrize("overrides", [{"pregnancy": "pregnant"}, {"medical_conditions": ["severe-liver-disease"]}])
def test_failure_4_pregnancy_and_severe_liver_disease_block_esketamine(client, overrides):
    data = prescreen(client, suitable_answers(**overrides)).json()
    assert data["treatment_outcomes"][ESK] == "not_suitable"
    assert {data["treatment_outcomes"][t] for t in ALL_TREATMENTS if t != ESK} == {"review"}


@pytest.mark.django_db
@pytest.mark.parametrize("medication", ["maoi", "stimulant"])
def test_failure_4_maois_and_stimulants_are_reviewed_the_same_for_every_route(client, medication):
    data = prescreen(client, suitable_answers(medications=[medication])).json()
    assert set(data["treatment_outcomes"].values()) == {"review"}


# 5. Questions that were missing.

NEW_QUESTIONS = {
    "medical_conditions": ["bladder-problems", "breathing-problems"],
    "ketamine_before": ["bad_reaction"],
    "medications": ["mood-stabilizer"],
    "age_65_or_over": [True],
    "vascular_history": ["yes_treated"],
    "psychosis_history": ["current", "past"],
    "mania_history": ["current", "past"],
    "substance_use": ["current", "past"],
    "no_driving_until_next_day": [False],
}


def test_failure_5_every_missing_question_and_answer_exists_and_changes_the_result():
    fired = {rule.id for rule in RULES}
    assert {"R-BLADDER", "R-BREATHING", "R-PRIOR-REACTION", "F-MOOD-STABILIZER", "F-OLDER-ADULT"} <= fired
    for question_id, values in NEW_QUESTIONS.items():
        allowed = QUESTIONS_BY_ID[question_id].allowed
        assert set(values) <= allowed, question_id
    mania = QUESTIONS_BY_ID["mania_history"].text
    assert "hypomania" in str(mania)


@pytest.mark.django_db
def test_failure_5_the_pages_ask_the_new_questions(client):
    from .pages import form_data, hidden_state

    asked = set()
    response = client.get("/prescreen/")
    answers = suitable_answers()
    while (step := current_step(response)) is not None:
        html = response.content.decode()
        asked |= {q for q in QUESTIONS_BY_ID if f'name="{q}"' in html}
        data = {"state": hidden_state(response), "step": step, "action": "next"} | form_data(step, answers)
        response = client.post("/prescreen/", data)
    expected = set(QUESTIONS_BY_ID) - {"suicide_intent_or_plan"}  # asked only after thoughts of self-harm
    assert asked == expected


# 6. Wording.


@pytest.mark.django_db
def test_failure_6_an_under_18_stops_at_the_first_step_and_reads_only_the_adults_message(client):
    response = client.get("/prescreen/")
    assert current_step(response) == "age"
    result = walk(client, {"age_18_or_over": False})
    html = result.content.decode()
    assert result.status_code == 200 and current_step(result) is None
    assert "This service is for adults 18 and older. Please talk with your doctor, or a parent or guardian." in html
    for absent in (
        "not safe",
        "Not safe",
        "Treatment by treatment",
        "Good to know",
        "clinic should know",
        'name="near"',
    ):
        assert absent not in html


def test_failure_6_the_trials_flag_is_what_the_person_said_not_a_diagnosis():
    rule = next(r for r in RULES if r.id == "F-TRD")
    assert str(rule.message).startswith("You said you tried two or more antidepressants")
    assert "meets the usual definition" not in str(rule.message)


def test_failure_6_no_one_is_promised_a_doctor_unless_a_referral_is_sent():
    for rule in RULES:
        message = str(rule.message)
        assert "A doctor will talk with you" not in message
        if "a doctor at the clinic" in message:
            assert "If you send a referral, a doctor at the clinic" in message or "if you send a referral" in message


@pytest.mark.django_db
def test_failure_6_the_heading_agrees_with_the_table(client):
    # Overall suitable (four treatments may fit) while esketamine needs a doctor: the heading says so.
    html = walk(client, suitable_answers(antidepressant_trials="not_sure")).content.decode()
    assert "A doctor must check first" in html
    assert "a doctor needs to check some things first" in html
    assert "Nothing in your answers stands in the way" not in html


@pytest.mark.django_db
def test_failure_6_the_referrers_form_speaks_about_the_patient(client, referrer):
    client.force_login(referrer)
    html = client.get("/referrals/new/").content.decode()
    assert "Is the patient 18 or older?" in html
    assert "Has the patient ever had an allergic reaction to ketamine or esketamine?" in html
    assert "Are you 18 or older?" not in html and "Have you ever" not in html


@pytest.mark.django_db
def test_failure_6_clinic_staff_read_the_clinicians_words_with_rule_source_and_treatment_names(
    client, clinic_staff, referral_clinic
):
    from referrals.services import create_referral

    referral, _ = create_referral(
        answers=suitable_answers(vascular_history="yes_treated", ride_home=False),
        clinic=referral_clinic,
        patient=PATIENT,
        consent=True,
    )
    client.force_login(clinic_staff)
    html = client.get(f"/admin/referrals/referral/{referral.pk}/change/").content.decode()
    assert "R-VASC-TREATED" in html and "Treated or repaired aneurysm" in html
    assert "SPRAVATO (esketamine) nasal spray, FDA prescribing information" in html
    assert "Esketamine nasal spray: not suitable" in html or "not suitable: Esketamine nasal spray" in html
    assert "esketamine-nasal-spray: suitable" not in html and "esketamine-nasal-spray:" not in html
    assert "You said" not in html  # not the second person meant for the patient


@pytest.mark.django_db
def test_referrals_saved_under_rule_set_1_keep_and_show_what_they_were_judged_on(client, clinic_staff, make_referral):
    referral, token = make_referral()
    old_answers = {k: v for k, v in referral.answers.items() if k not in ("suicide_behavior", "ketamine_before")}
    old_findings = {"reasons": [], "flags": [{"rule": "F-TRD", "message": "Old wording, kept as saved."}]}
    Referral.objects.filter(pk=referral.pk).update(
        ruleset_version="2026-11-23.1", answers=old_answers, findings=old_findings, status="declined"
    )
    client.force_login(clinic_staff)
    html = client.get(f"/admin/referrals/referral/{referral.pk}/change/").content.decode()
    assert "2026-11-23.1" in html and "Old wording, kept as saved." in html
    referral.refresh_from_db()
    assert referral.answers == old_answers and referral.findings == old_findings
    # The tracking page still works: an old referral cannot be judged under today's rules, so no re-routing.
    client.logout()
    assert client.get(f"/referrals/track/{token}/").status_code == 200


# Found in review: a crisis answer must win over a question left blank elsewhere.


@pytest.mark.django_db
def test_a_plan_ends_the_step_at_once_even_with_another_question_blank(client):
    from .pages import hidden_state

    response = walk(client, {"age_18_or_over": True, "phq2_interest": 1, "phq2_mood": 1, "self_harm_thoughts": 2})
    assert current_step(response) == "safety_follow_up"
    data = {"state": hidden_state(response), "step": "safety_follow_up", "action": "next"}
    response = client.post("/prescreen/", data | {"suicide_intent_or_plan": "yes"})  # suicide_behavior left blank
    assert response.status_code == 302 and response["Location"] == "/prescreen/crisis/"


@pytest.mark.django_db
def test_the_referrers_form_goes_to_the_crisis_page_whatever_else_is_blank(client, referrer):
    client.force_login(referrer)
    response = client.post("/referrals/new/", {"suicide_behavior": "past_3_months"})
    assert response.status_code == 302 and response["Location"] == "/prescreen/crisis/"


@pytest.mark.django_db
def test_the_api_answers_crisis_even_when_other_answers_are_missing_or_wrong(client):
    data = prescreen(client, {"suicide_intent_or_plan": True, "phq2_mood": "lots"}, near="30303").json()
    assert data["outcome"] == "crisis" and data["clinics"] == []
    assert {r["contact"] for r in data["crisis_resources"]} >= {"988", "911"}


def test_bipolar_depression_with_mania_denied_is_read_the_riskier_way():
    from referrals.screening import evaluate_prescreen

    result = evaluate_prescreen(suitable_answers(condition="bipolar-depression", mania_history="no"))
    assert "R-MANIA" in [f.rule for f in result.reasons]
    assert {result.treatment_outcomes[t] for t in ALL_TREATMENTS if t != ESK} == {"review"}


@pytest.mark.django_db
def test_a_null_rule_set_1_answer_reads_like_a_missing_one(client):
    answers = suitable_answers(ketamine_before=None, no_driving_until_next_day=None, ride_home=False)
    data = prescreen(client, answers).json()
    assert data["outcome"] == "suitable" and "F-RIDE" in [f["rule"] for f in data["flags"]]


@pytest.mark.django_db
def test_failure_1_the_page_counts_a_plan_sent_with_item_9_at_zero(client):
    """The plan question is shown only after item 9 > 0, but a plan that is sent anyway is never dropped."""
    response = walk(client, suitable_answers(self_harm_thoughts=0, suicide_intent_or_plan=True))
    assert response.status_code == 302 and response["Location"] == "/prescreen/crisis/"


@pytest.mark.django_db
def test_failure_6_the_referrer_reads_the_under_18_finding_about_the_patient(client, referrer):
    client.force_login(referrer)
    response = client.post("/referrals/new/", {"age_18_or_over": "no"})
    html = response.content.decode()
    assert "This service is for adults" in html
    assert "Under 18: outside this service, which serves adults only." in html
    assert "Please talk with your doctor, or a parent or guardian." not in html
