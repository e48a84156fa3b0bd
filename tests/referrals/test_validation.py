"""validate_answers: strict types, errors named by question, a risk answer never dropped, rule-set-1 reading."""

import json

import pytest

from referrals.screening import InvalidAnswers, evaluate_prescreen, validate_answers
from referrals.screening.questions import QUESTION_IDS

from .helpers import suitable_answers


def test_plain_answers_are_clean_and_ordered_as_asked():
    clean, errors = validate_answers(suitable_answers())
    assert errors == {}
    assert list(clean) == [q for q in QUESTION_IDS if q in clean]


@pytest.mark.parametrize(
    "question_id", [q for q in QUESTION_IDS if q not in ("suicide_intent_or_plan", "age_65_or_over")]
)
def test_each_missing_answer_is_named(question_id):
    answers = suitable_answers()
    del answers[question_id]
    _, errors = validate_answers(answers)
    assert list(errors) == [question_id]


@pytest.mark.parametrize(
    "question_id, bad",
    [
        ("age_18_or_over", "true"),
        ("age_18_or_over", 1),
        ("ride_home", "yes"),
        ("hallucinogen_bad_reaction", 0),
        ("phq2_mood", "2"),
        ("phq2_mood", 4),
        ("phq2_mood", -1),
        ("phq2_mood", 2.0),
        ("phq2_interest", True),
        ("self_harm_thoughts", "0"),
        ("condition", "sadness"),
        ("condition", 3),
        ("antidepressant_trials", "3"),
        ("antidepressant_trials", 2),
        ("ketamine_allergy", True),
        ("pregnancy", "maybe"),
        ("medical_conditions", "glaucoma"),
        ("medical_conditions", ["glaucoma", "gout"]),
        ("medications", [1]),
        ("medications", None),
    ],
)
def test_wrong_type_or_value_is_named(question_id, bad):
    _, errors = validate_answers(suitable_answers(**{question_id: bad}))
    assert list(errors) == [question_id]
    assert errors[question_id][0]


def test_unknown_question_is_named():
    _, errors = validate_answers(suitable_answers(favourite_colour="blue"))
    assert errors == {"favourite_colour": ["Unknown question."]}


def test_not_an_object():
    _, errors = validate_answers(["age_18_or_over"])
    assert list(errors) == ["answers"]


def test_intent_or_plan_required_when_self_harm_thoughts_reported():
    _, errors = validate_answers(suitable_answers(self_harm_thoughts=1))
    assert set(errors) == {"suicide_intent_or_plan"}


def test_suicide_behavior_is_required_of_everyone():
    answers = suitable_answers()
    del answers["suicide_behavior"]
    _, errors = validate_answers(answers, accept_ruleset_1=True)
    assert set(errors) == {"suicide_behavior"}


def test_follow_ups_validated_when_required():
    _, errors = validate_answers(
        suitable_answers(self_harm_thoughts=1, suicide_intent_or_plan="no", suicide_behavior="yesterday")
    )
    assert set(errors) == {"suicide_intent_or_plan", "suicide_behavior"}


def test_intent_or_plan_sent_without_self_harm_thoughts_is_kept_and_checked():
    """Failure 1 of rule set 1: a follow-up sent with item 9 = 0 was dropped. Now it counts."""
    clean, errors = validate_answers(suitable_answers(suicide_intent_or_plan=True))
    assert errors == {} and clean["suicide_intent_or_plan"] is True
    _, errors = validate_answers(suitable_answers(suicide_intent_or_plan="garbage"))
    assert set(errors) == {"suicide_intent_or_plan"}


def test_age_65_is_optional():
    answers = suitable_answers()
    del answers["age_65_or_over"]
    clean, errors = validate_answers(answers)
    assert errors == {} and "age_65_or_over" not in clean


def test_an_under_18_needs_only_the_age_answer_but_what_is_sent_is_checked():
    assert validate_answers({"age_18_or_over": False}) == ({"age_18_or_over": False}, {})
    _, errors = validate_answers({"age_18_or_over": False, "pregnancy": "maybe"})
    assert set(errors) == {"pregnancy"}


@pytest.mark.parametrize(
    "old, new",
    [
        ({"pregnancy": "yes"}, {"pregnancy": "pregnant"}),
        ({"vascular_history": "yes"}, {"vascular_history": "yes"}),
        ({"psychosis_history": "yes"}, {"psychosis_history": "current"}),
        ({"mania_history": "yes"}, {"mania_history": "current"}),
    ],
)
def test_rule_set_1_values_read_as_the_riskier_new_value(old, new):
    clean, errors = validate_answers(suitable_answers(**old), accept_ruleset_1=True)
    assert errors == {}
    assert {key: clean[key] for key in new} == new
    # The pages never send old values: there they are an error.
    if old != new:
        assert set(validate_answers(suitable_answers(**old))[1]) == set(old)


@pytest.mark.parametrize("ride_home", [True, False])
def test_rule_set_1_omissions_are_read_as_screening_says(ride_home):
    answers = suitable_answers(ride_home=ride_home)
    del answers["ketamine_before"], answers["no_driving_until_next_day"]
    clean, errors = validate_answers(answers, accept_ruleset_1=True)
    assert errors == {}
    assert clean["ketamine_before"] == "never"
    assert clean["no_driving_until_next_day"] is ride_home


def test_checklists_drop_duplicates_and_follow_the_question_order():
    clean, errors = validate_answers(suitable_answers(medications=["opioid", "benzodiazepine", "opioid"]))
    assert errors == {}
    assert clean["medications"] == ["benzodiazepine", "opioid"]


def test_zero_or_one_trials_as_numbers_mean_the_strings():
    clean, errors = validate_answers(suitable_answers(antidepressant_trials=0))
    assert errors == {} and clean["antidepressant_trials"] == "0"


def test_only_limits_the_check_to_questions_asked_so_far():
    clean, errors = validate_answers({"age_18_or_over": True}, only={"age_18_or_over"})
    assert errors == {} and clean == {"age_18_or_over": True}


def test_engine_refuses_invalid_answers():
    with pytest.raises(InvalidAnswers) as caught:
        evaluate_prescreen({"age_18_or_over": "yes"})
    assert "age_18_or_over" in caught.value.errors


@pytest.mark.django_db
@pytest.mark.parametrize(
    "risk_answer",
    [{"suicide_intent_or_plan": "true"}, {"suicide_intent_or_plan": 1}, {"suicide_behavior": "yes"}],
)
def test_a_wrongly_typed_risk_answer_is_refused_with_the_crisis_lines(client, risk_answer):
    body = {"answers": suitable_answers(self_harm_thoughts=2) | risk_answer}
    response = client.post("/api/prescreen/", json.dumps(body), content_type="application/json")
    data = response.json()
    assert response.status_code == 400 and set(risk_answer) <= set(data["errors"])
    assert {line["contact"] for line in data["crisis_resources"]} >= {"988", "911"}


@pytest.mark.django_db
def test_a_refusal_on_other_questions_carries_no_crisis_lines(client):
    body = {"answers": suitable_answers(ketamine_allergy="maybe")}
    data = client.post("/api/prescreen/", json.dumps(body), content_type="application/json").json()
    assert "ketamine_allergy" in data["errors"] and "crisis_resources" not in data
