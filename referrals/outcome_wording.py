"""How the result page words an outcome, so the heading always agrees with the per-treatment table.

Plain functions of a ScreeningResult: the template picks its sentences by these keys.
"""

from __future__ import annotations

from referrals.screening import NOT_SUITABLE, REVIEW, SUITABLE, ScreeningResult
from referrals.screening.rules import KIND_INDICATION, KIND_SAFETY, KIND_SCOPE

# Headline keys, from the most open to the most closed.
ALL_MAY_FIT = "all_may_fit"  # every treatment: nothing in the answers stands in the way
SOME_MAY_FIT = "some_may_fit"  # some may fit as they are; the others are not an option
CHECK_FIRST = "check_first"  # at least one treatment needs a doctor's review
NONE_FITS = "none_fits"  # a medical reason rules out every treatment
ADULTS_ONLY = "adults_only"  # under 18: this service is for adults
CRISIS = "crisis"

# A treatment's row in the table.
MAY_FIT = "may_fit"
DOCTOR_CHECKS_FIRST = "doctor_checks_first"
NOT_SAFE = "not_safe"  # only for a safety finding
NOT_APPROVED = "not_approved"  # an indication finding: not approved for this condition
FOR_ADULTS = "for_adults"


def headline(result: ScreeningResult) -> str:
    if result.is_crisis:
        return CRISIS
    if result.is_out_of_scope:
        return ADULTS_ONLY
    outcomes = set(result.treatment_outcomes.values())
    if REVIEW in outcomes:
        return CHECK_FIRST
    if outcomes == {SUITABLE}:
        return ALL_MAY_FIT
    if SUITABLE in outcomes:
        return SOME_MAY_FIT
    return NONE_FITS


def treatment_row(result: ScreeningResult, treatment: str) -> str:
    outcome = result.treatment_outcomes.get(treatment)
    if outcome == SUITABLE:
        return MAY_FIT
    if outcome == REVIEW:
        return DOCTOR_CHECKS_FIRST
    if outcome == NOT_SUITABLE:
        kind = result.treatment_kind(treatment)
        if kind == KIND_INDICATION:
            return NOT_APPROVED
        if kind == KIND_SCOPE:
            return FOR_ADULTS
        if kind == KIND_SAFETY:
            return NOT_SAFE
    raise ValueError(f"no wording for {treatment}: {outcome}")
