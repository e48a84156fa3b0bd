"""Every rule of screening.md, one by one and in combination, as plain function calls."""

import pytest

from referrals.screening import RULES, RULESET_VERSION, evaluate_prescreen
from referrals.screening.engine import crisis_findings

from .helpers import ALL_TREATMENTS, crisis_answers, suitable_answers

ESK = "esketamine-nasal-spray"
OTHERS = [t for t in ALL_TREATMENTS if t != ESK]


def rule_ids(findings):
    return [f.rule for f in findings]


def test_no_rule_fires_on_plain_answers():
    result = evaluate_prescreen(suitable_answers())
    assert result.outcome == "suitable"
    assert result.treatment_outcomes == dict.fromkeys(ALL_TREATMENTS, "suitable")
    assert result.reasons == () and result.flags == () and result.crisis_resources == ()
    assert result.ruleset_version == RULESET_VERSION


@pytest.mark.parametrize(
    "overrides, rule",
    [
        ({"self_harm_thoughts": 1, "suicide_intent_or_plan": True, "suicide_behavior": "never"}, "R-CRISIS-1"),
        ({"self_harm_thoughts": 3, "suicide_intent_or_plan": False, "suicide_behavior": "past_3_months"}, "R-CRISIS-2"),
    ],
)
def test_crisis_rules(overrides, rule):
    result = evaluate_prescreen(suitable_answers(**overrides))
    assert result.outcome == "crisis"
    assert result.treatment_outcomes == {}
    assert rule in rule_ids(result.reasons)
    assert result.flags == ()
    assert {r["contact"] for r in result.crisis_resources} >= {"988", "911", "988lifeline.org"}
    assert all(set(r) == {"name", "action", "contact", "url"} for r in result.crisis_resources)


# (answers changed from the plain ones, rule id, expected outcome for every treatment)
SINGLE_RULES = [
    ({"self_harm_thoughts": 1, "suicide_intent_or_plan": False, "suicide_behavior": "never"}, "R-SI-1", "review"),
    (
        {"self_harm_thoughts": 2, "suicide_intent_or_plan": False, "suicide_behavior": "over_3_months_ago"},
        "R-SI-2",
        "review",
    ),
    ({"age_18_or_over": False}, "R-AGE", "not_suitable"),
    ({"ketamine_allergy": "yes"}, "R-ALLERGY", "not_suitable"),
    ({"ketamine_allergy": "not_sure"}, "R-ALLERGY-UNSURE", "review"),
    ({"vascular_history": "not_sure"}, "R-VASC-UNSURE", "review"),
    ({"medical_conditions": ["uncontrolled-blood-pressure"]}, "R-HEART", "review"),
    ({"medical_conditions": ["heart-disease"]}, "R-HEART", "review"),
    ({"medical_conditions": ["stroke"]}, "R-HEART", "review"),
    ({"medical_conditions": ["head-injury-or-brain-pressure"]}, "R-PRESSURE", "review"),
    ({"medical_conditions": ["glaucoma"]}, "R-PRESSURE", "review"),
    ({"medical_conditions": ["severe-liver-disease"]}, "R-LIVER", "review"),
    ({"medical_conditions": ["active-internal-bleeding"]}, "R-BLEED", "review"),
    ({"psychosis_history": "yes"}, "R-PSYCHOSIS", "review"),
    ({"psychosis_history": "not_sure"}, "R-PSYCHOSIS", "review"),
    ({"mania_history": "yes"}, "R-MANIA", "review"),
    ({"mania_history": "not_sure"}, "R-MANIA", "review"),
    ({"substance_use": "past"}, "R-SUBSTANCE", "review"),
    ({"substance_use": "current"}, "R-SUBSTANCE", "review"),
    ({"hallucinogen_bad_reaction": True}, "R-HALLUCINOGEN", "review"),
    ({"pregnancy": "yes"}, "R-PREGNANCY", "review"),
    ({"pregnancy": "not_sure"}, "R-PREGNANCY", "review"),
]


@pytest.mark.parametrize("overrides, rule, expected", SINGLE_RULES)
def test_rule_applies_to_every_treatment(overrides, rule, expected):
    result = evaluate_prescreen(suitable_answers(**overrides))
    assert result.outcome == expected
    assert result.treatment_outcomes == dict.fromkeys(ALL_TREATMENTS, expected)
    expected_reasons = {"R-SI-1", "R-SI-2"} if rule == "R-SI-2" else {rule}
    assert set(rule_ids(result.reasons)) == expected_reasons
    assert result.flags == ()
    assert all(f.message and f.source for f in result.reasons)


@pytest.mark.parametrize("overrides", [{"pregnancy": "no"}, {"psychosis_history": "no"}, {"substance_use": "never"}])
def test_reassuring_answers_fire_nothing(overrides):
    assert evaluate_prescreen(suitable_answers(**overrides)).outcome == "suitable"


def test_self_harm_thoughts_show_crisis_resources_without_crisis():
    result = evaluate_prescreen(
        suitable_answers(self_harm_thoughts=1, suicide_intent_or_plan=False, suicide_behavior="never")
    )
    assert result.outcome == "review"
    assert result.crisis_resources
    assert rule_ids(result.reasons) == ["R-SI-1"]


def test_past_attempt_is_review_with_988():
    result = evaluate_prescreen(
        suitable_answers(self_harm_thoughts=1, suicide_intent_or_plan=False, suicide_behavior="over_3_months_ago")
    )
    assert result.outcome == "review"
    assert set(rule_ids(result.reasons)) == {"R-SI-1", "R-SI-2"}
    assert any(r["contact"] == "988" for r in result.crisis_resources)


def test_vascular_history_excludes_esketamine_only():
    result = evaluate_prescreen(suitable_answers(vascular_history="yes"))
    assert result.treatment_outcomes[ESK] == "not_suitable"
    assert all(result.treatment_outcomes[t] == "review" for t in OTHERS)
    assert result.outcome == "review"
    assert result.fitting_treatments == tuple(OTHERS)
    assert rule_ids(result.reasons) == ["R-VASC"]


@pytest.mark.parametrize("medication", ["maoi", "stimulant"])
def test_maoi_or_stimulant_is_review_for_esketamine_and_a_flag_elsewhere(medication):
    result = evaluate_prescreen(suitable_answers(medications=[medication]))
    assert result.treatment_outcomes[ESK] == "review"
    assert all(result.treatment_outcomes[t] == "suitable" for t in OTHERS)
    assert result.outcome == "suitable"  # the best treatment type decides
    assert rule_ids(result.reasons) == ["R-MAOI-STIM"]


@pytest.mark.parametrize(
    "overrides, flag",
    [
        ({"medications": ["benzodiazepine"]}, "F-SEDATIVES"),
        ({"medications": ["opioid"]}, "F-SEDATIVES"),
        ({"medications": ["antipsychotic"]}, "F-OTHER-MEDS"),
        ({"medications": ["antidepressant"]}, "F-OTHER-MEDS"),
        ({"antidepressant_trials": "2+"}, "F-TRD"),
        ({"ride_home": False}, "F-RIDE"),
        ({"phq2_interest": 2, "phq2_mood": 1}, "F-PHQ2"),
        ({"phq2_interest": 3, "phq2_mood": 3}, "F-PHQ2"),
    ],
)
def test_flags_never_change_outcomes(overrides, flag):
    result = evaluate_prescreen(suitable_answers(**overrides))
    assert result.outcome == "suitable"
    assert result.treatment_outcomes == dict.fromkeys(ALL_TREATMENTS, "suitable")
    assert rule_ids(result.flags) == [flag]
    assert result.reasons == ()


def test_phq2_below_three_is_not_flagged():
    assert evaluate_prescreen(suitable_answers(phq2_interest=1, phq2_mood=1)).flags == ()
    assert evaluate_prescreen(suitable_answers(phq2_interest=0, phq2_mood=2)).flags == ()


def test_current_substance_use_is_high_priority_past_is_not():
    current = evaluate_prescreen(suitable_answers(substance_use="current"))
    past = evaluate_prescreen(suitable_answers(substance_use="past"))
    assert current.high_priority and current.reasons[0].high_priority
    assert not past.high_priority


def test_crisis_beats_exclusions_and_returns_no_treatment_outcomes():
    result = evaluate_prescreen(crisis_answers(age_18_or_over=False, ketamine_allergy="yes", ride_home=False))
    assert result.outcome == "crisis"
    assert result.treatment_outcomes == {}
    assert rule_ids(result.reasons) == ["R-CRISIS-1"]
    assert result.flags == ()


def test_both_crisis_rules_are_reported():
    result = evaluate_prescreen(crisis_answers(suicide_behavior="past_3_months"))
    assert rule_ids(result.reasons) == ["R-CRISIS-1", "R-CRISIS-2"]


def test_not_suitable_beats_review_for_the_same_treatment():
    result = evaluate_prescreen(suitable_answers(ketamine_allergy="yes", pregnancy="yes", mania_history="yes"))
    assert result.outcome == "not_suitable"
    assert result.fitting_treatments == ()
    assert set(rule_ids(result.reasons)) == {"R-ALLERGY", "R-PREGNANCY", "R-MANIA"}


def test_overall_is_the_best_treatment():
    # Vascular: esketamine not suitable, others review. MAOI: esketamine review. Overall: review.
    result = evaluate_prescreen(suitable_answers(vascular_history="yes", medications=["maoi", "benzodiazepine"]))
    assert result.treatment_outcomes[ESK] == "not_suitable"
    assert result.outcome == "review"
    assert rule_ids(result.flags) == ["F-SEDATIVES"]


def test_many_review_items_combine():
    result = evaluate_prescreen(
        suitable_answers(
            medical_conditions=["glaucoma", "heart-disease", "severe-liver-disease", "active-internal-bleeding"],
            hallucinogen_bad_reaction=True,
            antidepressant_trials="2+",
            ride_home=False,
        )
    )
    assert result.outcome == "review"
    assert rule_ids(result.reasons) == ["R-HEART", "R-PRESSURE", "R-LIVER", "R-BLEED", "R-HALLUCINOGEN"]
    assert rule_ids(result.flags) == ["F-TRD", "F-RIDE"]


def test_follow_ups_are_ignored_without_self_harm_thoughts():
    result = evaluate_prescreen(suitable_answers(suicide_intent_or_plan=True, suicide_behavior="past_3_months"))
    assert result.outcome == "suitable"


def test_crisis_findings_work_on_partial_answers():
    partial = {"age_18_or_over": True, "self_harm_thoughts": 2, "suicide_intent_or_plan": True}
    assert rule_ids(crisis_findings(partial)) == ["R-CRISIS-1"]
    assert crisis_findings({"self_harm_thoughts": 0}) == ()


def test_every_rule_of_screening_md_is_defined_with_message_and_source():
    expected = {
        "R-CRISIS-1", "R-CRISIS-2", "R-SI-1", "R-SI-2", "R-AGE", "R-ALLERGY", "R-ALLERGY-UNSURE", "R-VASC",
        "R-VASC-UNSURE", "R-HEART", "R-PRESSURE", "R-LIVER", "R-BLEED", "R-PSYCHOSIS", "R-MANIA", "R-SUBSTANCE",
        "R-HALLUCINOGEN", "R-PREGNANCY", "R-MAOI-STIM", "F-SEDATIVES", "F-OTHER-MEDS", "F-TRD", "F-RIDE", "F-PHQ2",
    }  # fmt: skip
    assert {rule.id for rule in RULES} == expected
    assert all(rule.message and rule.source for rule in RULES)


def test_as_dict_has_the_contract_fields():
    data = evaluate_prescreen(suitable_answers(substance_use="current", ride_home=False)).as_dict()
    assert {"outcome", "treatment_outcomes", "reasons", "flags", "ruleset_version", "crisis_resources"} <= set(data)
    assert data["reasons"][0]["rule"] == "R-SUBSTANCE" and data["reasons"][0]["message"]
    assert data["flags"][0]["rule"] == "F-RIDE"
