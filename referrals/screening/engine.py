"""`evaluate_prescreen(answers)`: the one pure function that judges a pre-screen.

Precedence (screening.md): a crisis rule beats everything. Otherwise each
treatment type takes its worst effect (not_suitable > review > suitable), and the
overall outcome is the best over the treatment types. Flags never change an outcome.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .questions import TREATMENTS
from .rules import (
    CRISIS,
    CRISIS_RESOURCES,
    NOT_SUITABLE,
    REVIEW,
    RULES,
    RULESET_VERSION,
    SUITABLE,
    Rule,
)
from .validation import InvalidAnswers, validate_answers

RANK = {SUITABLE: 0, REVIEW: 1, NOT_SUITABLE: 2}
ROUTABLE = frozenset({SUITABLE, REVIEW})


@dataclass(frozen=True)
class Finding:
    rule: str
    message: str
    source: str
    high_priority: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "message": self.message, "source": self.source, "high_priority": self.high_priority}


@dataclass(frozen=True)
class ScreeningResult:
    outcome: str
    treatment_outcomes: dict[str, str]
    reasons: tuple[Finding, ...] = ()
    flags: tuple[Finding, ...] = ()
    crisis_resources: tuple[dict[str, str], ...] = ()
    ruleset_version: str = RULESET_VERSION
    high_priority: bool = field(default=False)

    @property
    def is_crisis(self) -> bool:
        return self.outcome == CRISIS

    @property
    def is_routable(self) -> bool:
        return self.outcome in ROUTABLE

    @property
    def fitting_treatments(self) -> tuple[str, ...]:
        """Treatment types whose outcome allows routing, in the contract's order."""
        return tuple(t for t in TREATMENTS if self.treatment_outcomes.get(t) in ROUTABLE)

    def as_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "treatment_outcomes": dict(self.treatment_outcomes),
            "reasons": [f.as_dict() for f in self.reasons],
            "flags": [f.as_dict() for f in self.flags],
            "ruleset_version": self.ruleset_version,
            "crisis_resources": [{key: str(value) for key, value in r.items()} for r in self.crisis_resources],
            "high_priority": self.high_priority,
        }


def _finding(rule: Rule, answers: Mapping[str, Any]) -> Finding:
    high = bool(rule.high_priority and rule.high_priority(answers))
    # The message is translated now, into the active language (the rule keeps it lazy).
    return Finding(rule.id, str(rule.message), rule.source, high)


def crisis_findings(answers: Mapping[str, Any]) -> tuple[Finding, ...]:
    """Crisis rules that fire on (possibly partial) clean answers.

    The page calls this right after the safety questions, so a crisis ends the
    screen before anything else is asked.
    """
    return tuple(_finding(rule, answers) for rule in RULES if rule.is_crisis and rule.when(answers))


def evaluate_prescreen(answers: Mapping[str, Any]) -> ScreeningResult:
    """Judge complete answers. Raises InvalidAnswers if they do not validate."""
    clean, errors = validate_answers(answers)
    if errors:
        raise InvalidAnswers(errors)
    fired = [rule for rule in RULES if rule.when(clean)]

    crisis = [rule for rule in fired if rule.is_crisis]
    if crisis:
        # Nothing else matters, and nothing else is passed on: no routing, no flags.
        return ScreeningResult(
            outcome=CRISIS,
            treatment_outcomes={},
            reasons=tuple(_finding(rule, clean) for rule in crisis),
            crisis_resources=CRISIS_RESOURCES,
        )

    per_treatment = dict.fromkeys(TREATMENTS, SUITABLE)
    for rule in fired:
        for treatment, effect in rule.effects.items():
            if effect in RANK and RANK[effect] > RANK[per_treatment[treatment]]:
                per_treatment[treatment] = effect
    overall = min(per_treatment.values(), key=RANK.__getitem__)

    reasons = tuple(_finding(rule, clean) for rule in fired if not rule.is_flag_only)
    flags = tuple(_finding(rule, clean) for rule in fired if rule.is_flag_only)
    return ScreeningResult(
        outcome=overall,
        treatment_outcomes=per_treatment,
        reasons=reasons,
        flags=flags,
        crisis_resources=CRISIS_RESOURCES if any(rule.shows_crisis_resources for rule in fired) else (),
        high_priority=any(f.high_priority for f in reasons + flags),
    )
