"""What a rule is, and the small predicates the rule set is written with.

A rule has an id, a predicate on the clean answers, an effect per treatment type
(`crisis`, `not_suitable`, `review` or `flag`), a kind (`crisis`, `safety`,
`indication`, `scope`; flags have none), its words twice (to the person, and for
the clinician who reads a referral), and its source. The rules themselves are in
ruleset.py; change one → bump RULESET_VERSION there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from .questions import DEPRESSION_CONDITIONS, ESKETAMINE, TREATMENTS

CRISIS = "crisis"
NOT_SUITABLE = "not_suitable"
REVIEW = "review"
SUITABLE = "suitable"
FLAG = "flag"
Effect = Literal["crisis", "not_suitable", "review", "flag"]

# The kinds of finding. A page words a treatment's outcome by the kind of the rules behind it:
# "Not safe" only for SAFETY, "Not approved for this condition" for INDICATION.
KIND_CRISIS = "crisis"
KIND_SAFETY = "safety"
KIND_INDICATION = "indication"
KIND_SCOPE = "scope"
Kind = Literal["crisis", "safety", "indication", "scope"]

Answers = Mapping[str, Any]


@dataclass(frozen=True)
class Rule:
    id: str
    when: Callable[[Answers], bool]
    effects: Mapping[str, Effect]
    kind: Kind | None  # None for flags
    message: str  # to the person; lazy, translated when a Finding is made
    about_patient: str  # the clinician's words, third person
    source: str  # citations for clinicians; English
    shows_crisis_resources: bool = False
    shows_substance_helpline: bool = False
    high_priority: Callable[[Answers], bool] | None = None
    # A flag about one treatment, shown only while that treatment is still open to the person.
    only_while_open: str | None = None

    @property
    def is_crisis(self) -> bool:
        return CRISIS in self.effects.values()

    @property
    def is_flag_only(self) -> bool:
        return set(self.effects.values()) == {FLAG}


def every(effect: Effect) -> dict[str, Effect]:
    return dict.fromkeys(TREATMENTS, effect)


def esketamine_only(effect: Effect) -> dict[str, Effect]:
    return {ESKETAMINE: effect}


def esketamine_else(esketamine: Effect, others: Effect) -> dict[str, Effect]:
    return every(others) | {ESKETAMINE: esketamine}


def has_any(question_id: str, *values: str) -> Callable[[Answers], bool]:
    return lambda a: bool(set(a.get(question_id) or ()) & set(values))


def is_one_of(question_id: str, *values: Any) -> Callable[[Answers], bool]:
    return lambda a: question_id in a and a[question_id] in values


def for_depression(a: Answers) -> bool:
    return a.get("condition") in DEPRESSION_CONDITIONS


def reports_no_suicidal_thoughts_or_behavior(a: Answers) -> bool:
    """SPRAVATO's second indication (MDD with acute suicidal ideation or behavior) needs neither trials nor TRD."""
    return (a.get("self_harm_thoughts") or 0) == 0 and a.get("suicide_behavior", "never") == "never"
