"""Reading answers sent by API clients written for rule set 1 (2026-11-23.1).

Rule set 1 had `yes` where rule set 2 asks for more detail, and lacked two
questions. Each old value is read as the riskier of its new meanings, never
dropped: an old `psychosis_history: "yes"` could be past or current, so it reads
as `current`. A missing `suicide_behavior` is not filled in: it is asked of
everyone now, and a guess would hide a recent attempt.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

RULESET_1_VALUES: dict[str, dict[Any, Any]] = {
    "pregnancy": {"yes": "pregnant"},
    "vascular_history": {"yes": "yes"},
    "psychosis_history": {"yes": "current"},
    "mania_history": {"yes": "current"},
}


def read_ruleset_1_answers(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Raw answers with rule-set-1 values and omissions translated; anything else untouched."""
    answers = dict(raw)
    for question_id, renamed in RULESET_1_VALUES.items():
        value = answers.get(question_id)
        if isinstance(value, str) and value in renamed:
            answers[question_id] = renamed[value]
    if answers.get("ketamine_before") is None:
        answers["ketamine_before"] = "never"
    if answers.get("no_driving_until_next_day") is None and type(answers.get("ride_home")) is bool:
        # Rule set 1 asked one question: a ride home *and* no driving until the next day.
        answers["no_driving_until_next_day"] = answers["ride_home"]
    return answers
