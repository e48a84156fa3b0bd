"""Check pre-screen answers: shared by the pages and the JSON API.

Types are strict, as JSON has them: a yes/no answer is a real boolean (the
string "true" is refused), a 0–3 answer is a whole number. Every error is keyed by
the question id so the API and the page can say which question is wrong.

A risk answer is never dropped: `suicide_intent_or_plan` is required when thoughts
of self-harm are reported and counted whenever it is sent. An under-18 is asked
nothing after the age question, so nothing else is required then (what is sent
is still checked, and a crisis answer still counts).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext, gettext_lazy

from .legacy import read_ruleset_1_answers
from .questions import QUESTION_IDS, QUESTIONS_BY_ID, Question, follow_ups_required, is_minor

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
            return None, gettext("Answer true or false (a JSON boolean, not a string or a number).")
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


def _is_required(question: Question, clean: Answers) -> bool:
    if question.optional or (is_minor(clean) and question.id != "age_18_or_over"):
        return False
    return not question.follow_up or follow_ups_required(clean)


def validate_answers(
    raw: Any, *, only: Iterable[str] | None = None, accept_ruleset_1: bool = False
) -> tuple[Answers, Errors]:
    """Raw answers → (clean answers, errors by question id).

    `only` limits the check to the questions asked so far (the page asks in steps);
    by default every question is required. `accept_ruleset_1` reads the values and
    omissions of rule-set-1 API clients (see legacy.py); the pages never need it.
    """
    if not isinstance(raw, Mapping):
        return {}, {"answers": [gettext("Send the answers as an object of question id → answer.")]}
    if accept_ruleset_1:
        raw = read_ruleset_1_answers(raw)
    asked = set(QUESTION_IDS if only is None else only)
    clean: Answers = {}
    errors: Errors = {key: [UNKNOWN] for key in map(str, raw) if key not in QUESTIONS_BY_ID}
    # Two passes: whether a question is required depends on the age and self-harm answers.
    for question_id in QUESTION_IDS:
        if question_id in asked and raw.get(question_id) is not None:
            value, error = clean_answer(QUESTIONS_BY_ID[question_id], raw[question_id])
            if error:
                errors[question_id] = [error]
            else:
                clean[question_id] = value
    for question_id in QUESTION_IDS:
        question = QUESTIONS_BY_ID[question_id]
        if question_id in asked and question_id not in clean and question_id not in errors:
            if _is_required(question, clean):
                errors[question_id] = [FOLLOW_UP_MISSING if question.follow_up else MISSING]
    return clean, errors
