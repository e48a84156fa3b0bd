"""Properties that must hold for every possible set of answers (hypothesis)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from referrals.screening import QUESTIONS, evaluate_prescreen, validate_answers
from referrals.screening.engine import RANK

from .helpers import ALL_TREATMENTS

FLAG_ONLY_QUESTIONS = ("antidepressant_trials", "ride_home", "phq2_interest", "phq2_mood")
FLAG_ONLY_MEDICATIONS = ("benzodiazepine", "opioid", "antipsychotic", "antidepressant")


def _value_strategy(question):
    values = [value for value, _ in question.choices]
    if question.kind == "multi":
        return st.lists(st.sampled_from(values), unique=True)
    return st.sampled_from(values)


@st.composite
def answers(draw):
    result = {q.id: draw(_value_strategy(q)) for q in QUESTIONS if not q.follow_up}
    # Follow-ups are sometimes given when not required: they must then be ignored.
    if result["self_harm_thoughts"] > 0 or draw(st.booleans()):
        for question in QUESTIONS:
            if question.follow_up:
                result[question.id] = draw(_value_strategy(question))
    return result


fast = settings(max_examples=150, deadline=None)


@fast
@given(answers())
def test_generated_answers_are_valid_and_evaluation_is_total(a):
    clean, errors = validate_answers(a)
    assert errors == {}
    result = evaluate_prescreen(a)
    assert result.outcome in {"crisis", "not_suitable", "review", "suitable"}


@fast
@given(answers())
def test_an_allergy_is_never_routed(a):
    a["ketamine_allergy"] = "yes"
    result = evaluate_prescreen(a)
    assert result.outcome in {"crisis", "not_suitable"}
    assert not result.is_routable and result.fitting_treatments == ()


@fast
@given(answers())
def test_minors_are_never_routed(a):
    a["age_18_or_over"] = False
    assert not evaluate_prescreen(a).is_routable


@fast
@given(answers(), st.sampled_from(["intent", "recent"]))
def test_a_crisis_answer_always_wins(a, kind):
    a["self_harm_thoughts"] = max(a["self_harm_thoughts"], 1)
    a.setdefault("suicide_intent_or_plan", False)
    a.setdefault("suicide_behavior", "never")
    if kind == "intent":
        a["suicide_intent_or_plan"] = True
    else:
        a["suicide_behavior"] = "past_3_months"
    result = evaluate_prescreen(a)
    assert result.outcome == "crisis"
    assert result.treatment_outcomes == {}
    assert result.crisis_resources
    assert result.fitting_treatments == ()


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
    elif question_id in ("phq2_interest", "phq2_mood"):
        changed[question_id] = data.draw(_value_strategy(question))
    else:
        changed[question_id] = data.draw(_value_strategy(question))
    after = evaluate_prescreen(changed)
    assert after.outcome == before.outcome
    assert after.treatment_outcomes == before.treatment_outcomes
    assert [f.rule for f in after.reasons] == [f.rule for f in before.reasons]


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
    if result.outcome in ("review", "not_suitable", "crisis"):
        assert result.reasons
    if result.outcome == "suitable" and not any(o != "suitable" for o in result.treatment_outcomes.values()):
        assert result.reasons == ()


@fast
@given(answers())
def test_crisis_resources_whenever_self_harm_thoughts_are_reported(a):
    result = evaluate_prescreen(a)
    if a["self_harm_thoughts"] > 0 or result.outcome == "crisis":
        assert result.crisis_resources
    else:
        assert result.crisis_resources == ()


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
