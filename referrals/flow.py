"""The pre-screen page's steps and how answers travel between them.

Answers travel in one signed, time-limited hidden field of POST-only forms: never
in a URL, never in the session or the database (so a crisis stores nothing).
Signing stops tampering; everything is validated again at every step anyway.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core import signing

from referrals.screening.questions import Question, is_minor, questions_in

STATE_SALT = "referrals.prescreen.state.v1"
STATE_MAX_AGE = 3 * 60 * 60  # seconds; a half-finished screen left open longer starts again
# The age question is its own first step: an under-18 stops there and is asked nothing else.
STEPS: tuple[str, ...] = ("age", "safety", "safety_follow_up", "care", "health", "mind", "everyday")
SELF, REFERRER = "self", "referrer"


@dataclass(frozen=True)
class State:
    answers: dict[str, Any]
    mode: str = SELF

    def dumps(self) -> str:
        return signing.dumps({"a": self.answers, "m": self.mode}, salt=STATE_SALT, compress=True)


def load_state(token: str) -> State | None:
    """The state of a hidden field, or None if missing, tampered with or too old."""
    if not token:
        return None
    try:
        data = signing.loads(token, salt=STATE_SALT, max_age=STATE_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("a"), dict) or data.get("m") not in (SELF, REFERRER):
        return None
    return State(data["a"], data["m"])


def steps_for(answers: dict[str, Any]) -> list[str]:
    """Every step for an adult (the safety follow-up asks everyone about past behavior); for a minor, only the age."""
    return list(STEPS[:1]) if is_minor(answers) else list(STEPS)


def asked_through(step: str) -> set[str]:
    """Question ids asked up to and including `step` (the validator knows which follow-ups are required)."""
    return {q.id for s in STEPS[: STEPS.index(step) + 1] for q in questions_in(s)}


def next_step(step: str, answers: dict[str, Any]) -> str | None:
    steps = steps_for(answers)
    position = steps.index(step) if step in steps else -1
    return steps[position + 1] if position + 1 < len(steps) else None


def previous_step(step: str, answers: dict[str, Any]) -> str | None:
    steps = steps_for(answers)
    position = steps.index(step) if step in steps else 0
    return steps[position - 1] if position > 0 else None


BOOL_FROM_FORM = {"yes": True, "no": False}


def to_form_value(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def answers_from_post(data, questions: Iterable[Question]) -> dict[str, Any]:
    """Form strings → typed answers for validate_answers (which reports anything odd)."""
    answers: dict[str, Any] = {}
    for question in questions:
        if question.kind == "multi":
            answers[question.id] = data.getlist(question.id)
            continue
        raw = data.get(question.id, "")
        if raw == "":
            continue
        if question.kind == "bool":
            answers[question.id] = BOOL_FROM_FORM.get(raw, raw)
        elif question.kind == "scale":
            answers[question.id] = int(raw) if raw in ("0", "1", "2", "3") else raw
        else:
            answers[question.id] = raw
    return answers


def question_fields(
    questions: Iterable[Question], values: dict[str, Any], errors: dict[str, list[str]], *, on_behalf: bool = False
) -> list[dict[str, Any]]:
    """What the question template needs: its wording (to the person, or about the patient on a referrer's
    form), options with their checked state, and errors."""
    fields = []
    for question in questions:
        value = values.get(question.id)
        chosen = {to_form_value(v) for v in value} if isinstance(value, list) else {to_form_value(value)}
        fields.append(
            {
                "question": question,
                "text": question.wording(on_behalf=on_behalf),
                "input_type": "checkbox" if question.kind == "multi" else "radio",
                "options": [
                    {
                        "value": to_form_value(option),
                        "label": label,
                        "checked": value is not None and to_form_value(option) in chosen,
                        "html_id": f"q-{question.id}-{index}",
                    }
                    for index, (option, label) in enumerate(question.choices)
                ],
                "errors": errors.get(question.id, []),
            }
        )
    return fields
