"""`evaluate_prescreen(answers)`: the one pure function that judges a pre-screen.

Precedence: a crisis rule beats everything. Then scope: a person under 18 gets
only the age finding. Otherwise each treatment type takes its worst effect
(not_suitable > review > suitable), and the overall outcome is the best over the
treatment types. Flags never change an outcome.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .questions import TREATMENTS, is_minor
from .resources import CRISIS_RESOURCES, SUBSTANCE_HELPLINES
from .rules import CRISIS, FLAG, KIND_INDICATION, KIND_SAFETY, KIND_SCOPE, NOT_SUITABLE, REVIEW, SUITABLE, Rule
from .ruleset import AGE_RULE, RULES, RULES_BY_ID, RULESET_VERSION
from .validation import InvalidAnswers, validate_answers

RANK = {SUITABLE: 0, REVIEW: 1, NOT_SUITABLE: 2}
ROUTABLE = frozenset({SUITABLE, REVIEW})
# Which kind words a treatment's outcome when several rules set it: a medical reason first.
KIND_PRECEDENCE = (KIND_SAFETY, KIND_INDICATION, KIND_SCOPE)


@dataclass(frozen=True)
class Finding:
    rule: str
    kind: str | None
    message: str  # to the person, in the active language
    about_patient: str  # the clinician's words
    source: str
    effects: Mapping[str, str] = field(default_factory=dict)  # treatment slug → effect (reasons only)
    high_priority: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "kind": self.kind,
            "message": self.message,
            "clinician_message": self.about_patient,
            "source": self.source,
            "effects": dict(self.effects),
            "high_priority": self.high_priority,
        }


@dataclass(frozen=True)
class ScreeningResult:
    outcome: str
    treatment_outcomes: dict[str, str]
    reasons: tuple[Finding, ...] = ()
    flags: tuple[Finding, ...] = ()
    crisis_resources: tuple[dict[str, str], ...] = ()
    helplines: tuple[dict[str, str], ...] = ()
    ruleset_version: str = RULESET_VERSION
    high_priority: bool = False

    @property
    def is_crisis(self) -> bool:
        return self.outcome == CRISIS

    @property
    def is_routable(self) -> bool:
        return self.outcome in ROUTABLE

    @property
    def is_out_of_scope(self) -> bool:
        return any(f.kind == KIND_SCOPE for f in self.reasons)

    @property
    def fitting_treatments(self) -> tuple[str, ...]:
        """Treatment types whose outcome allows routing, in the contract's order."""
        return tuple(t for t in TREATMENTS if self.treatment_outcomes.get(t) in ROUTABLE)

    def treatment_kind(self, treatment: str) -> str | None:
        """The kind of finding behind a treatment's outcome: how a page words it ("not safe" only for safety)."""
        outcome = self.treatment_outcomes.get(treatment)
        kinds = {f.kind for f in self.reasons if f.effects.get(treatment) == outcome}
        return next((kind for kind in KIND_PRECEDENCE if kind in kinds), None)

    def treatment_details(self) -> dict[str, dict[str, Any]]:
        return {
            treatment: {
                "outcome": outcome,
                "kind": self.treatment_kind(treatment),
                "rules": [f.rule for f in self.reasons if f.effects.get(treatment) in (REVIEW, NOT_SUITABLE)],
            }
            for treatment, outcome in self.treatment_outcomes.items()
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "treatment_outcomes": dict(self.treatment_outcomes),
            "treatment_details": self.treatment_details(),
            "reasons": [f.as_dict() for f in self.reasons],
            "flags": [f.as_dict() for f in self.flags],
            "ruleset_version": self.ruleset_version,
            "crisis_resources": _as_text(self.crisis_resources),
            "helplines": _as_text(self.helplines),
            "high_priority": self.high_priority,
        }


def _as_text(resources: tuple[dict[str, str], ...]) -> list[dict[str, str]]:
    return [{key: str(value) for key, value in r.items()} for r in resources]


def _finding(rule: Rule, answers: Mapping[str, Any]) -> Finding:
    high = bool(rule.high_priority and rule.high_priority(answers))
    effects = {t: e for t, e in rule.effects.items() if e != FLAG}
    # The words are translated now, into the active language (the rule keeps them lazy).
    return Finding(rule.id, rule.kind, str(rule.message), str(rule.about_patient), rule.source, effects, high)


def finding_for(rule_id: str, answers: Mapping[str, Any]) -> Finding:
    """One rule's finding for these answers, whether or not it fires (a caller that knows it applies)."""
    return _finding(RULES_BY_ID[rule_id], answers)


def crisis_findings(answers: Mapping[str, Any]) -> tuple[Finding, ...]:
    """Crisis rules that fire on (possibly partial) clean answers.

    The page calls this after every step, so a crisis ends the screen before
    anything else is asked.
    """
    return tuple(_finding(rule, answers) for rule in RULES if rule.is_crisis and rule.when(answers))


def crisis_result(answers: Mapping[str, Any]) -> ScreeningResult | None:
    """The crisis outcome if clean, possibly incomplete answers already show one, else None.

    A crisis wins over any question left blank or answered wrongly elsewhere: callers ask this
    before they report errors, so a missing answer never hides a plan or a recent attempt.
    """
    findings = crisis_findings(answers)
    return _crisis_result(findings) if findings else None


# The questions whose answers can make a crisis: an error on one of them may hide one.
RISK_QUESTIONS = frozenset({"self_harm_thoughts", "suicide_intent_or_plan", "suicide_behavior"})


def crisis_help_for_errors(errors: Mapping[str, Any]) -> list[dict[str, str]]:
    """The crisis lines to send with a refusal whose errors touch a suicide-risk question.

    A client that sends `"true"` for the plan question gets a 400, not a crisis result; the
    person in front of that client still needs 988 at once.
    """
    return crisis_lines_text() if RISK_QUESTIONS & set(errors) else []


def crisis_lines_text() -> list[dict[str, str]]:
    """988 (call, text, chat, Spanish) and 911, in the active language, as the JSON answers carry them."""
    return _as_text(CRISIS_RESOURCES)


def _crisis_result(findings: tuple[Finding, ...]) -> ScreeningResult:
    # Nothing else matters, and nothing else is passed on: no routing, no flags.
    return ScreeningResult(outcome=CRISIS, treatment_outcomes={}, reasons=findings, crisis_resources=CRISIS_RESOURCES)


def _minor_result(answers: Mapping[str, Any]) -> ScreeningResult:
    # The screen stops at the age question: the age finding alone, with the crisis lines it names.
    return ScreeningResult(
        outcome=NOT_SUITABLE,
        treatment_outcomes=dict.fromkeys(TREATMENTS, NOT_SUITABLE),
        reasons=(_finding(AGE_RULE, answers),),
        crisis_resources=CRISIS_RESOURCES,
    )


def evaluate_prescreen(answers: Mapping[str, Any], *, accept_ruleset_1: bool = False) -> ScreeningResult:
    """Judge complete answers. Raises InvalidAnswers if they do not validate."""
    clean, errors = validate_answers(answers, accept_ruleset_1=accept_ruleset_1)
    if errors:
        raise InvalidAnswers(errors)
    crisis = crisis_findings(clean)
    if crisis:
        return _crisis_result(crisis)
    if is_minor(clean):
        return _minor_result(clean)

    fired = [rule for rule in RULES if not rule.is_crisis and rule.when(clean)]
    per_treatment = dict.fromkeys(TREATMENTS, SUITABLE)
    for rule in fired:
        for treatment, effect in rule.effects.items():
            if effect in RANK and RANK[effect] > RANK[per_treatment[treatment]]:
                per_treatment[treatment] = effect
    overall = min(per_treatment.values(), key=RANK.__getitem__)

    reasons = tuple(_finding(rule, clean) for rule in fired if not rule.is_flag_only)
    flags = tuple(
        _finding(rule, clean)
        for rule in fired
        if rule.is_flag_only and (rule.only_while_open is None or per_treatment[rule.only_while_open] != NOT_SUITABLE)
    )
    return ScreeningResult(
        outcome=overall,
        treatment_outcomes=per_treatment,
        reasons=reasons,
        flags=flags,
        crisis_resources=CRISIS_RESOURCES if any(rule.shows_crisis_resources for rule in fired) else (),
        helplines=SUBSTANCE_HELPLINES if any(rule.shows_substance_helpline for rule in fired) else (),
        high_priority=any(f.high_priority for f in reasons),
    )
