"""Properties of rule set 2 that must hold for every possible set of answers (hypothesis)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from referrals.screening import QUESTIONS, evaluate_prescreen, validate_answers
from referrals.screening.engine import RANK

from .helpers import ALL_TREATMENTS

ESK = "esketamine-nasal-spray"
DEPRESSION = {"depression", "treatment-resistant-depression"}
# Questions whose answers only ever raise flags.
FLAG_ONLY_QUESTIONS = ("age_65_or_over", "ride_home", "no_driving_until_next_day", "phq2_interest", "phq2_mood")
FLAG_ONLY_MEDICATIONS = ("benzodiazepine", "opioid", "antipsychotic", "antidepressant", "mood-stabilizer")


def _value_strategy(question):
    values = [value for value, _ in question.choices]
    if question.kind == "multi":
        return st.lists(st.sampled_from(values), unique=True)
    return st.sampled_from(values)


@st.composite
def answers(draw):
    """Any complete set of answers, the optional ones sometimes left out."""
    result = {}
    for question in QUESTIONS:
        if question.optional and draw(st.booleans()):
            continue
        if question.follow_up:
            continue
        result[question.id] = draw(_value_strategy(question))
    # The intent-or-plan answer is required after thoughts of self-harm, and is sometimes sent anyway.
    if result["self_harm_thoughts"] > 0 or draw(st.booleans()):
        result["suicide_intent_or_plan"] = draw(st.booleans())
    return result


def adult(a):
    return a | {"age_18_or_over": True}


def is_crisis_answer(a):
    return a.get("suicide_intent_or_plan") is True or a["suicide_behavior"] == "past_3_months"


fast = settings(max_examples=150, deadline=None)


@fast
@given(answers())
def test_generated_answers_are_valid_and_evaluation_is_total(a):
    clean, errors = validate_answers(a)
    assert errors == {}
    result = evaluate_prescreen(a)
    assert result.outcome in {"crisis", "not_suitable", "review", "suitable"}


@fast
@given(answers(), st.sampled_from(["intent", "recent"]))
def test_a_crisis_answer_always_wins_whatever_else_is_sent(a, kind):
    if kind == "intent":
        a["suicide_intent_or_plan"] = True  # even with self_harm_thoughts = 0: a plan is never dropped
    else:
        a["suicide_behavior"] = "past_3_months"
    result = evaluate_prescreen(a)
    assert result.outcome == "crisis"
    assert result.treatment_outcomes == {} and result.fitting_treatments == ()
    assert result.crisis_resources
    assert result.flags == ()
    assert {f.kind for f in result.reasons} == {"crisis"}


@fast
@given(answers())
def test_an_attempt_in_the_past_3_months_is_always_a_crisis(a):
    a["suicide_behavior"] = "past_3_months"
    assert evaluate_prescreen(a).outcome == "crisis"


@fast
@given(answers())
def test_esketamine_never_fits_a_condition_other_than_depression(a):
    result = evaluate_prescreen(a)
    if a.get("condition") not in DEPRESSION:
        assert ESK not in result.fitting_treatments
        assert result.treatment_outcomes.get(ESK) in (None, "not_suitable")


@fast
@given(answers(), st.sampled_from(["psychosis_history", "mania_history", "substance_use"]))
def test_a_current_psychosis_mania_or_substance_answer_is_never_routed(a, question_id):
    a[question_id] = "current"
    result = evaluate_prescreen(a)
    assert not result.is_routable
    assert result.fitting_treatments == ()


@fast
@given(answers())
def test_an_under_18_result_has_exactly_one_non_crisis_finding(a):
    a["age_18_or_over"] = False
    result = evaluate_prescreen(a)
    if is_crisis_answer(a):
        assert result.outcome == "crisis"
        return
    assert [f.rule for f in result.reasons] == ["R-AGE"]
    assert result.flags == ()
    assert not result.is_routable


@fast
@given(answers())
def test_an_allergy_is_never_routed(a):
    a["ketamine_allergy"] = "yes"
    result = evaluate_prescreen(a)
    assert result.outcome in {"crisis", "not_suitable"}
    assert not result.is_routable


@fast
@given(answers(), st.data())
def test_flags_never_change_an_outcome(a, data):
    before = evaluate_prescreen(a)
    changed = dict(a)
    question_id = data.draw(st.sampled_from(FLAG_ONLY_QUESTIONS + ("medications",)))
    question = next(q for q in QUESTIONS if q.id == question_id)
    if question_id == "medications":
        # Only the flag-only medicine classes change; MAOIs and stimulants stay as they were.
        kept = [m for m in a["medications"] if m not in FLAG_ONLY_MEDICATIONS]
        changed["medications"] = kept + data.draw(st.lists(st.sampled_from(FLAG_ONLY_MEDICATIONS), unique=True))
    else:
        changed[question_id] = data.draw(_value_strategy(question))
    after = evaluate_prescreen(changed)
    assert after.outcome == before.outcome
    assert after.treatment_outcomes == before.treatment_outcomes
    assert [f.rule for f in after.reasons] == [f.rule for f in before.reasons]


@fast
@given(answers())
def test_flags_have_no_kind_and_reasons_always_do(a):
    result = evaluate_prescreen(a)
    assert all(f.kind is None for f in result.flags)
    assert all(f.kind in {"crisis", "safety", "indication", "scope"} and f.source for f in result.reasons)


@fast
@given(answers())
def test_not_safe_wording_only_for_safety(a):
    result = evaluate_prescreen(a)
    for treatment, outcome in result.treatment_outcomes.items():
        kind = result.treatment_kind(treatment)
        if outcome == "not_suitable":
            assert kind in {"safety", "indication", "scope"}
            if kind == "indication":
                assert treatment == ESK


@fast
@given(answers())
def test_overall_is_the_best_treatment_outcome(a):
    result = evaluate_prescreen(a)
    if result.outcome == "crisis":
        assert result.treatment_outcomes == {}
        return
    assert set(result.treatment_outcomes) == set(ALL_TREATMENTS)
    assert result.outcome == min(result.treatment_outcomes.values(), key=RANK.__getitem__)


@fast
@given(answers())
def test_reasons_explain_every_outcome_that_is_not_suitable(a):
    result = evaluate_prescreen(a)
    for treatment, outcome in result.treatment_outcomes.items():
        behind = [f for f in result.reasons if f.effects.get(treatment) == outcome]
        assert bool(behind) == (outcome != "suitable")


@fast
@given(answers())
def test_crisis_resources_whenever_self_harm_thoughts_are_reported(a):
    result = evaluate_prescreen(adult(a))
    if a["self_harm_thoughts"] > 0 or result.outcome == "crisis":
        assert result.crisis_resources


@fast
@given(answers())
def test_a_risk_answer_is_never_dropped(a):
    """Thoughts of self-harm, or a past attempt, always reach the result: a crisis or a review of every treatment."""
    result = evaluate_prescreen(adult(a))
    if a["self_harm_thoughts"] > 0 or a["suicide_behavior"] != "never":
        rules = {f.rule for f in result.reasons}
        assert result.outcome == "crisis" or rules & {"R-SI-1", "R-SI-2"}
        assert all(o != "suitable" for o in result.treatment_outcomes.values())


@fast
@given(answers())
def test_fitting_treatments_are_exactly_the_routable_ones(a):
    result = evaluate_prescreen(a)
    expected = tuple(t for t in ALL_TREATMENTS if result.treatment_outcomes.get(t) in ("suitable", "review"))
    assert result.fitting_treatments == expected
    assert result.is_routable == bool(expected)


@fast
@given(answers())
def test_cleaning_is_idempotent(a):
    clean, _ = validate_answers(a)
    again, errors = validate_answers(clean)
    assert errors == {} and again == clean
