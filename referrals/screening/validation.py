"""Check pre-screen answers: shared by the page and `POST /api/prescreen/`.

Types are strict, as JSON has them: a yes/no answer is a real boolean (the
string "true" is refused), a 0–3 answer is a whole number. Every error is keyed by
the question id so the API and the page can say which question is wrong.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext, gettext_lazy

from .questions import FOLLOW_UP_IDS, QUESTION_IDS, QUESTIONS_BY_ID, Question, follow_ups_required

Answers = dict[str, Any]
Errors = dict[str, list[str]]

# Lazy, so each request reads them in its own language (the API follows Accept-Language).
MISSING = gettext_lazy("Please answer this question.")
UNKNOWN = gettext_lazy("Unknown question.")
FOLLOW_UP_MISSING = gettext_lazy("Please answer this question (it is needed when thoughts of self-harm are reported).")


class InvalidAnswers(ValueError):
    """Raised by the engine when handed answers that do not validate."""

    def __init__(self, errors: Errors):
        super().__init__(f"invalid answers: {sorted(errors)}")
        self.errors = errors


def _choices_text(question: Question) -> str:
    return ", ".join(f'"{value}"' for value, _ in question.choices)


def clean_answer(question: Question, value: Any) -> tuple[Any, str | None]:
    """One answer → (clean value, None) or (None, message)."""
    if question.kind == "bool":
        if type(value) is not bool:
            return None, gettext("Answer true or false (a JSON boolean, not a string).")
        return value, None
    if question.kind == "scale":
        if type(value) is not int or not 0 <= value <= 3:
            return None, gettext("Answer with a whole number from 0 to 3.")
        return value, None
    if question.kind == "choice":
        # "0" and "1" trials are strings (because "2+" is); plain 0 and 1 mean the same.
        if question.id == "antidepressant_trials" and type(value) is int and value in (0, 1):
            value = str(value)
        if not isinstance(value, str) or value not in question.allowed:
            return None, gettext("Choose one of: %(choices)s.") % {"choices": _choices_text(question)}
        return value, None
    # multi: a list (maybe empty) of allowed values; duplicates collapse, order follows the question.
    if not isinstance(value, list):
        return None, gettext("Send a list (it may be empty) of: %(choices)s.") % {"choices": _choices_text(question)}
    unknown = [v for v in value if not isinstance(v, str) or v not in question.allowed]
    if unknown:
        shown = ", ".join(repr(v) for v in unknown[:5])
        message = gettext("Unknown choice %(shown)s. Choose from: %(choices)s.")
        return None, message % {"shown": shown, "choices": _choices_text(question)}
    chosen = set(value)
    return [v for v, _ in question.choices if v in chosen], None


def validate_answers(raw: Any, *, only: Iterable[str] | None = None) -> tuple[Answers, Errors]:
    """Raw answers → (clean answers, errors by question id).

    `only` limits the check to the questions asked so far (the page asks in steps);
    by default every question is required. Follow-up questions are required only
    when `self_harm_thoughts` > 0; given otherwise, they are ignored.
    """
    if not isinstance(raw, Mapping):
        return {}, {"answers": [gettext("Send the answers as an object of question id → answer.")]}
    asked = set(QUESTION_IDS if only is None else only)
    clean: Answers = {}
    errors: Errors = {}
    for key in raw:
        if key not in QUESTIONS_BY_ID:
            errors[str(key)] = [UNKNOWN]
    for question_id in QUESTION_IDS:
        if question_id not in asked or question_id in FOLLOW_UP_IDS:
            continue
        question = QUESTIONS_BY_ID[question_id]
        if raw.get(question_id) is None:
            errors[question_id] = [MISSING]
            continue
        value, error = clean_answer(question, raw[question_id])
        if error:
            errors[question_id] = [error]
        else:
            clean[question_id] = value
    if follow_ups_required(clean):
        for question_id in sorted(FOLLOW_UP_IDS & asked, key=QUESTION_IDS.index):
            if raw.get(question_id) is None:
                errors[question_id] = [FOLLOW_UP_MISSING]
                continue
            value, error = clean_answer(QUESTIONS_BY_ID[question_id], raw[question_id])
            if error:
                errors[question_id] = [error]
            else:
                clean[question_id] = value
    # Ordered as asked, so stored answers read like the form.
    return {k: clean[k] for k in QUESTION_IDS if k in clean}, errors
