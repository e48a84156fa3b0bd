"""Every rule of rule set 2, one by one and in combination, as plain function calls."""

import pytest

from referrals.screening import RULES, RULESET_VERSION, evaluate_prescreen
from referrals.screening.engine import crisis_findings

from .helpers import ALL_TREATMENTS, crisis_answers, suitable_answers

ESK = "esketamine-nasal-spray"
OTHERS = [t for t in ALL_TREATMENTS if t != ESK]
ALL = "all"


def rule_ids(findings):
    return [f.rule for f in findings]


def outcomes(esketamine, others):
    return {t: (esketamine if t == ESK else others) for t in ALL_TREATMENTS}


def test_plain_answers_fit_every_treatment_with_only_the_trials_flag():
    result = evaluate_prescreen(suitable_answers())
    assert result.outcome == "suitable"
    assert result.treatment_outcomes == dict.fromkeys(ALL_TREATMENTS, "suitable")
    assert result.reasons == () and result.crisis_resources == () and result.helplines == ()
    assert rule_ids(result.flags) == ["F-TRD"]
    assert result.ruleset_version == RULESET_VERSION == "2026-12-03.2"


@pytest.mark.parametrize(
    "overrides, rule",
    [
        ({"self_harm_thoughts": 1, "suicide_intent_or_plan": True}, "R-CRISIS-1"),
        ({"self_harm_thoughts": 0, "suicide_intent_or_plan": True}, "R-CRISIS-1"),  # a plan counts whatever item 9 says
        ({"self_harm_thoughts": 3, "suicide_intent_or_plan": False, "suicide_behavior": "past_3_months"}, "R-CRISIS-2"),
        ({"self_harm_thoughts": 0, "suicide_behavior": "past_3_months"}, "R-CRISIS-2"),
    ],
)
def test_crisis_rules(overrides, rule):
    result = evaluate_prescreen(suitable_answers(**overrides))
    assert result.outcome == "crisis"
    assert result.treatment_outcomes == {}
    assert rule_ids(result.reasons) == [rule]
    assert result.reasons[0].kind == "crisis"
    assert result.flags == ()
    assert {r["contact"] for r in result.crisis_resources} >= {"988", "911", "988lifeline.org"}
    assert all(set(r) == {"name", "action", "contact", "url"} for r in result.crisis_resources)


# (answers changed from the plain ones, the rule that fires, esketamine's outcome, the other four's outcome, kind)
SINGLE_RULES = [
    ({"self_harm_thoughts": 1, "suicide_intent_or_plan": False}, "R-SI-1", "review", "review", "safety"),
    ({"suicide_behavior": "over_3_months_ago"}, "R-SI-2", "review", "review", "safety"),
    ({"condition": "anxiety"}, "R-ESK-INDICATION", "not_suitable", "suitable", "indication"),
    ({"condition": "ptsd"}, "R-ESK-INDICATION", "not_suitable", "suitable", "indication"),
    ({"condition": "ocd"}, "R-ESK-INDICATION", "not_suitable", "suitable", "indication"),
    ({"condition": "chronic-pain"}, "R-ESK-INDICATION", "not_suitable", "suitable", "indication"),
    ({"condition": "crps"}, "R-ESK-INDICATION", "not_suitable", "suitable", "indication"),
    ({"condition": "fibromyalgia"}, "R-ESK-INDICATION", "not_suitable", "suitable", "indication"),
    ({"condition": "migraine"}, "R-ESK-INDICATION", "not_suitable", "suitable", "indication"),
    ({"antidepressant_trials": "0"}, "R-ESK-TRIALS", "not_suitable", "suitable", "indication"),
    ({"antidepressant_trials": "1"}, "R-ESK-TRIALS", "not_suitable", "suitable", "indication"),
    (
        {"antidepressant_trials": "1", "condition": "treatment-resistant-depression"},
        "R-ESK-TRIALS",
        "not_suitable",
        "suitable",
        "indication",
    ),
    ({"antidepressant_trials": "not_sure"}, "R-ESK-TRIALS-UNSURE", "review", "suitable", "indication"),
    ({"ketamine_allergy": "yes"}, "R-ALLERGY", "not_suitable", "not_suitable", "safety"),
    ({"ketamine_allergy": "not_sure"}, "R-ALLERGY-UNSURE", "review", "review", "safety"),
    ({"ketamine_before": "bad_reaction"}, "R-PRIOR-REACTION", "review", "review", "safety"),
    ({"vascular_history": "yes"}, "R-VASC", "not_suitable", "not_suitable", "safety"),
    ({"vascular_history": "yes_treated"}, "R-VASC-TREATED", "not_suitable", "review", "safety"),
    ({"vascular_history": "not_sure"}, "R-VASC-UNSURE", "review", "review", "safety"),
    ({"medical_conditions": ["uncontrolled-blood-pressure"]}, "R-HEART", "review", "review", "safety"),
    ({"medical_conditions": ["heart-disease"]}, "R-HEART", "review", "review", "safety"),
    ({"medical_conditions": ["stroke"]}, "R-HEART", "review", "review", "safety"),
    ({"medical_conditions": ["head-injury-or-brain-pressure"]}, "R-PRESSURE", "review", "review", "safety"),
    ({"medical_conditions": ["glaucoma"]}, "R-PRESSURE", "review", "review", "safety"),
    ({"medical_conditions": ["severe-liver-disease"]}, "R-LIVER", "not_suitable", "review", "safety"),
    ({"medical_conditions": ["active-internal-bleeding"]}, "R-BLEED", "review", "review", "safety"),
    ({"medical_conditions": ["bladder-problems"]}, "R-BLADDER", "review", "review", "safety"),
    ({"medical_conditions": ["breathing-problems"]}, "R-BREATHING", "review", "review", "safety"),
    ({"psychosis_history": "current"}, "R-PSYCHOSIS-CURRENT", "not_suitable", "not_suitable", "safety"),
    ({"psychosis_history": "past"}, "R-PSYCHOSIS", "review", "review", "safety"),
    ({"psychosis_history": "not_sure"}, "R-PSYCHOSIS", "review", "review", "safety"),
    ({"mania_history": "current"}, "R-MANIA-CURRENT", "not_suitable", "not_suitable", "safety"),
    ({"mania_history": "past"}, "R-MANIA", "review", "review", "safety"),
    ({"mania_history": "not_sure"}, "R-MANIA", "review", "review", "safety"),
    ({"substance_use": "current"}, "R-SUBSTANCE-CURRENT", "not_suitable", "not_suitable", "safety"),
    ({"substance_use": "past"}, "R-SUBSTANCE", "review", "review", "safety"),
    ({"hallucinogen_bad_reaction": True}, "R-HALLUCINOGEN", "review", "review", "safety"),
    ({"pregnancy": "pregnant"}, "R-PREGNANT", "not_suitable", "review", "safety"),
    ({"pregnancy": "trying"}, "R-PREGNANCY", "review", "review", "safety"),
    ({"pregnancy": "breastfeeding"}, "R-PREGNANCY", "review", "review", "safety"),
    ({"pregnancy": "not_sure"}, "R-PREGNANCY", "review", "review", "safety"),
    ({"medications": ["maoi"]}, "R-MAOI-STIM", "review", "review", "safety"),
    ({"medications": ["stimulant"]}, "R-MAOI-STIM", "review", "review", "safety"),
]


@pytest.mark.parametrize("overrides, rule, esketamine, others, kind", SINGLE_RULES)
def test_each_rule_alone(overrides, rule, esketamine, others, kind):
    result = evaluate_prescreen(suitable_answers(**overrides))
    assert result.treatment_outcomes == outcomes(esketamine, others)
    assert rule_ids(result.reasons) == [rule]
    reason = result.reasons[0]
    assert reason.kind == kind
    assert reason.message and reason.about_patient and reason.source
    assert result.outcome == min((esketamine, others), key=["suitable", "review", "not_suitable"].index)
    # A treatment's outcome is worded by the kind of finding behind it.
    if esketamine == "not_suitable":
        assert result.treatment_kind(ESK) == kind


@pytest.mark.parametrize("overrides", [{"pregnancy": "no"}, {"psychosis_history": "no"}, {"substance_use": "never"}])
def test_reassuring_answers_fire_nothing(overrides):
    result = evaluate_prescreen(suitable_answers(**overrides))
    assert result.outcome == "suitable" and result.reasons == ()


def test_under_18_gets_the_age_finding_alone_whatever_else_is_sent():
    result = evaluate_prescreen(
        suitable_answers(age_18_or_over=False, ketamine_allergy="yes", ride_home=False, self_harm_thoughts=1)
    )
    assert result.outcome == "not_suitable"
    assert result.treatment_outcomes == dict.fromkeys(ALL_TREATMENTS, "not_suitable")
    assert rule_ids(result.reasons) == ["R-AGE"] and result.reasons[0].kind == "scope"
    assert result.flags == ()
    assert result.is_out_of_scope and not result.is_routable
    assert result.reasons[0].message == (
        "This service is for adults 18 and older. Please talk with your doctor, or a parent or guardian. "
        "If you are in danger now, call 911, or call or text 988."
    )


def test_under_18_needs_no_other_answer():
    result = evaluate_prescreen({"age_18_or_over": False})
    assert rule_ids(result.reasons) == ["R-AGE"]
    assert {r["contact"] for r in result.crisis_resources} >= {"988", "911"}


def test_under_18_in_crisis_is_a_crisis():
    result = evaluate_prescreen({"age_18_or_over": False, "self_harm_thoughts": 2, "suicide_intent_or_plan": True})
    assert result.outcome == "crisis"


def test_self_harm_thoughts_show_crisis_resources_and_are_high_priority_from_two():
    one = evaluate_prescreen(suitable_answers(self_harm_thoughts=1, suicide_intent_or_plan=False))
    two = evaluate_prescreen(suitable_answers(self_harm_thoughts=2, suicide_intent_or_plan=False))
    assert one.crisis_resources and two.crisis_resources
    assert not one.high_priority and two.high_priority and two.reasons[0].high_priority


def test_past_attempt_is_review_with_988():
    result = evaluate_prescreen(suitable_answers(suicide_behavior="over_3_months_ago"))
    assert result.outcome == "review"
    assert any(r["contact"] == "988" for r in result.crisis_resources)


def test_suicidal_thoughts_or_behavior_open_esketamine_without_two_trials():
    """SPRAVATO's second indication: MDD with acute suicidal ideation or behavior needs no trial count."""
    thoughts = evaluate_prescreen(
        suitable_answers(antidepressant_trials="0", self_harm_thoughts=1, suicide_intent_or_plan=False)
    )
    behavior = evaluate_prescreen(suitable_answers(antidepressant_trials="1", suicide_behavior="over_3_months_ago"))
    for result in (thoughts, behavior):
        assert "R-ESK-TRIALS" not in rule_ids(result.reasons)
        assert result.treatment_outcomes[ESK] == "review"


def test_substance_use_shows_the_samhsa_helpline():
    current = evaluate_prescreen(suitable_answers(substance_use="current"))
    past = evaluate_prescreen(suitable_answers(substance_use="past"))
    assert [h["contact"] for h in current.helplines] == ["1-800-662-4357"]
    assert "1-800-662-4357" in current.reasons[0].message
    assert past.helplines
    assert evaluate_prescreen(suitable_answers()).helplines == ()


@pytest.mark.parametrize(
    "overrides, flag",
    [
        ({"medications": ["benzodiazepine"]}, "F-SEDATIVES"),
        ({"medications": ["opioid"]}, "F-SEDATIVES"),
        ({"medications": ["mood-stabilizer"]}, "F-MOOD-STABILIZER"),
        ({"medications": ["antipsychotic"]}, "F-OTHER-MEDS"),
        ({"medications": ["antidepressant"]}, "F-OTHER-MEDS"),
        ({"age_65_or_over": True}, "F-OLDER-ADULT"),
        ({"ride_home": False}, "F-RIDE"),
        ({"no_driving_until_next_day": False}, "F-RIDE"),
        ({"phq2_interest": 2, "phq2_mood": 1}, "F-PHQ2"),
        ({"phq2_interest": 3, "phq2_mood": 3}, "F-PHQ2"),
    ],
)
def test_flags_never_change_outcomes(overrides, flag):
    result = evaluate_prescreen(suitable_answers(**overrides))
    assert result.outcome == "suitable"
    assert result.treatment_outcomes == dict.fromkeys(ALL_TREATMENTS, "suitable")
    flag_order = [rule.id for rule in RULES if rule.is_flag_only]
    assert rule_ids(result.flags) == sorted({flag, "F-TRD"}, key=flag_order.index)
    assert all(f.kind is None and f.source for f in result.flags)
    assert result.reasons == ()


def test_phq2_below_three_is_not_flagged():
    assert "F-PHQ2" not in rule_ids(evaluate_prescreen(suitable_answers(phq2_interest=1, phq2_mood=1)).flags)
    assert "F-PHQ2" not in rule_ids(evaluate_prescreen(suitable_answers(phq2_interest=0, phq2_mood=2)).flags)


def test_trials_flag_is_worded_as_what_the_person_said_never_as_a_diagnosis():
    flag = evaluate_prescreen(suitable_answers()).flags[0]
    assert flag.rule == "F-TRD"
    assert flag.message.startswith("You said you tried two or more antidepressants")
    assert "treatment-resistant" not in flag.message
    assert "not a diagnosis" in flag.about_patient


@pytest.mark.parametrize(
    "overrides", [{"condition": "ptsd"}, {"vascular_history": "yes_treated"}, {"pregnancy": "pregnant"}]
)
def test_trials_flag_only_while_esketamine_is_open(overrides):
    result = evaluate_prescreen(suitable_answers(**overrides))
    assert result.treatment_outcomes[ESK] == "not_suitable"
    assert "F-TRD" not in rule_ids(result.flags)


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
    result = evaluate_prescreen(suitable_answers(ketamine_allergy="yes", pregnancy="trying", mania_history="past"))
    assert result.outcome == "not_suitable"
    assert result.fitting_treatments == ()
    assert set(rule_ids(result.reasons)) == {"R-ALLERGY", "R-PREGNANCY", "R-MANIA"}


def test_overall_is_the_best_treatment():
    # Treated aneurysm: esketamine not suitable, the others review. Overall: review.
    result = evaluate_prescreen(suitable_answers(vascular_history="yes_treated", medications=["benzodiazepine"]))
    assert result.treatment_outcomes[ESK] == "not_suitable"
    assert result.outcome == "review"
    assert result.fitting_treatments == tuple(OTHERS)
    assert rule_ids(result.flags) == ["F-SEDATIVES"]


def test_safety_wording_wins_over_indication_for_the_same_treatment():
    result = evaluate_prescreen(suitable_answers(condition="ptsd", medical_conditions=["severe-liver-disease"]))
    assert result.treatment_outcomes[ESK] == "not_suitable"
    assert result.treatment_kind(ESK) == "safety"
    assert result.treatment_details()[ESK]["rules"] == ["R-ESK-INDICATION", "R-LIVER"]


def test_many_review_items_combine():
    result = evaluate_prescreen(
        suitable_answers(
            medical_conditions=["glaucoma", "heart-disease", "active-internal-bleeding", "bladder-problems"],
            hallucinogen_bad_reaction=True,
            ride_home=False,
        )
    )
    assert result.outcome == "review"
    assert rule_ids(result.reasons) == ["R-HEART", "R-PRESSURE", "R-BLEED", "R-BLADDER", "R-HALLUCINOGEN"]
    assert rule_ids(result.flags) == ["F-TRD", "F-RIDE"]


def test_crisis_findings_work_on_partial_answers():
    partial = {"age_18_or_over": True, "self_harm_thoughts": 2, "suicide_intent_or_plan": True}
    assert rule_ids(crisis_findings(partial)) == ["R-CRISIS-1"]
    assert rule_ids(crisis_findings({"suicide_behavior": "past_3_months"})) == ["R-CRISIS-2"]
    assert crisis_findings({"self_harm_thoughts": 0}) == ()


def test_every_rule_of_rule_set_2_is_defined_with_kind_words_and_source():
    expected = {
        "R-CRISIS-1", "R-CRISIS-2", "R-SI-1", "R-SI-2", "R-AGE", "R-ESK-INDICATION", "R-ESK-TRIALS",
        "R-ESK-TRIALS-UNSURE", "R-ALLERGY", "R-ALLERGY-UNSURE", "R-PRIOR-REACTION", "R-VASC", "R-VASC-TREATED",
        "R-VASC-UNSURE", "R-HEART", "R-PRESSURE", "R-LIVER", "R-BLEED", "R-BLADDER", "R-BREATHING",
        "R-PSYCHOSIS-CURRENT", "R-PSYCHOSIS", "R-MANIA-CURRENT", "R-MANIA", "R-SUBSTANCE-CURRENT", "R-SUBSTANCE",
        "R-HALLUCINOGEN", "R-PREGNANT", "R-PREGNANCY", "R-MAOI-STIM", "F-SEDATIVES", "F-MOOD-STABILIZER",
        "F-OTHER-MEDS", "F-OLDER-ADULT", "F-TRD", "F-RIDE", "F-PHQ2",
    }  # fmt: skip
    assert {rule.id for rule in RULES} == expected
    for rule in RULES:
        assert rule.message and rule.about_patient and rule.source
        assert (rule.kind is None) == rule.is_flag_only
        assert rule.kind in (None, "crisis", "safety", "indication", "scope")


def test_rules_resting_on_a_clinic_text_alone_are_reviews_and_say_so():
    for rule in RULES:
        if "FDA" not in rule.source and "et al" not in rule.source and "Columbia" not in rule.source:
            assert "not in the FDA labels" in rule.source
            assert "not_suitable" not in rule.effects.values()


def test_as_dict_has_the_contract_fields_with_kind_and_source():
    data = evaluate_prescreen(suitable_answers(substance_use="past", ride_home=False)).as_dict()
    assert {"outcome", "treatment_outcomes", "reasons", "flags", "ruleset_version", "crisis_resources"} <= set(data)
    reason, flags = data["reasons"][0], data["flags"]
    assert reason["rule"] == "R-SUBSTANCE" and reason["kind"] == "safety" and reason["message"] and reason["source"]
    assert [f["rule"] for f in flags] == ["F-TRD", "F-RIDE"]
    assert all(f["kind"] is None and f["source"] for f in flags)


def test_flags_name_no_particular_clinic_because_they_show_without_one():
    """A flag is read on results that list no clinic (not suitable, or before a search)."""
    answers = suitable_answers(
        substance_use="current",
        medications=["benzodiazepine", "mood-stabilizer", "antidepressant"],
        age_65_or_over=True,
        ride_home=False,
    )
    result = evaluate_prescreen(answers)
    assert result.outcome == "not_suitable"
    flag_ids = {flag.rule for flag in result.flags}
    assert {"F-SEDATIVES", "F-MOOD-STABILIZER", "F-OTHER-MEDS", "F-OLDER-ADULT", "F-RIDE"} <= flag_ids
    for flag in result.flags:
        assert "the clinic" not in str(flag.message), flag.rule
        assert "will watch" not in str(flag.message), flag.rule
