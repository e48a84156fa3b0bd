"""Shared test data for the referral tests (fictional people, example.org addresses)."""

from __future__ import annotations

from typing import Any

ALL_TREATMENTS = [
    "iv-infusion",
    "im-injection",
    "esketamine-nasal-spray",
    "oral-sublingual",
    "ketamine-assisted-psychotherapy",
]

PATIENT = {
    "first_name": "Zorblina",
    "last_name": "Quackenbottom",
    "email": "zorblina.q@example.org",
    "phone": "(404) 555-0142",
    "preferred_contact": "email",
}
PATIENT_SECRETS = ("Zorblina", "Quackenbottom", "zorblina.q@example.org", "555-0142", "5550142")


def suitable_answers(**overrides: Any) -> dict[str, Any]:
    """Rule-set-2 answers under which every treatment may fit: no reason fires, only the F-TRD flag
    (two or more antidepressant trials for depression, which keeps esketamine open)."""
    answers = {
        "age_18_or_over": True,
        "age_65_or_over": False,
        "phq2_interest": 1,
        "phq2_mood": 1,
        "self_harm_thoughts": 0,
        "suicide_behavior": "never",
        "condition": "depression",
        "antidepressant_trials": "2+",
        "ketamine_allergy": "no",
        "ketamine_before": "never",
        "vascular_history": "no",
        "medical_conditions": [],
        "psychosis_history": "no",
        "mania_history": "no",
        "substance_use": "never",
        "hallucinogen_bad_reaction": False,
        "pregnancy": "not_applicable",
        "medications": [],
        "ride_home": True,
        "no_driving_until_next_day": True,
    }
    answers.update(overrides)
    return answers


def crisis_answers(**overrides: Any) -> dict[str, Any]:
    return suitable_answers(
        **({"self_harm_thoughts": 2, "suicide_intent_or_plan": True, "suicide_behavior": "never"} | overrides)
    )


def referral_body(clinic_slug: str, **overrides: Any) -> dict[str, Any]:
    body = {
        "answers": suitable_answers(),
        "clinic": clinic_slug,
        "patient": dict(PATIENT),
        "consent": True,
        "note": "Mornings are best.",
    }
    body.update(overrides)
    return body
