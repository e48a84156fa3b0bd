"""The pre-screen as a FHIR Questionnaire, and a QuestionnaireResponse back into pre-screen answers.

Both are read from the pre-screen's own data (QUESTIONS) at each request, so a new rule set's
questions appear here without a change: question ids are the link ids, answer choices are
codings (the code is the answer's value as the JSON API takes it), yes/no questions are FHIR
booleans, and the version is the rule set's. Parsing is just as generic: it turns each item's
answers into the values the JSON API takes and leaves every judgement to validate_answers().
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from referrals.screening import QUESTIONS, QUESTIONS_BY_ID, RULESET_VERSION, SECTIONS, Question

from . import codes
from .http import emit

PUBLISHER = "Ketamine Clinic Finder"


def answer_code(value: object) -> str:
    """The code of an answer value: JSON's spelling for booleans, the text of anything else."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _required(question: Question) -> bool:
    # Follow-ups (and any question a rule set marks optional) are not always asked.
    return not (question.follow_up or question.optional or question.kind == "multi")


def _item(question: Question) -> dict[str, Any]:
    item: dict[str, Any] = {"linkId": question.id, "text": str(question.about_patient), "required": _required(question)}
    if question.kind == "bool":
        item["type"] = "boolean"
    else:
        item["type"] = "choice"
        item["repeats"] = question.kind == "multi"
        item["answerOption"] = [
            {
                "valueCoding": {
                    "system": codes.answer_system(question.id),
                    "code": answer_code(value),
                    "display": str(label),
                }
            }
            for value, label in question.choices
        ]
    if question.help:
        item["item"] = [{"linkId": f"{question.id}.help", "type": "display", "text": str(question.help)}]
    return item


def prescreen_questionnaire() -> dict[str, Any]:
    """The current rule set's questions, grouped by section, worded in the active language."""
    groups = []
    for section in SECTIONS:
        items = [_item(q) for q in QUESTIONS if q.section == section.id]
        if items:
            groups.append(
                {
                    "linkId": f"section-{section.id}",
                    "type": "group",
                    "text": str(section.about_patient_title),
                    "item": items,
                }
            )
    return emit(
        Questionnaire,
        {
            "resourceType": "Questionnaire",
            "id": "prescreen",
            "url": codes.prescreen_url(),
            "version": RULESET_VERSION,
            "name": "KetamineTherapyPrescreen",
            "title": "Ketamine therapy pre-screen",
            "status": "active",
            "subjectType": ["Patient"],
            "publisher": PUBLISHER,
            "language": translation.get_language() or "en",
            "description": (
                "A screening, not medical advice or a diagnosis: a clinician at the clinic decides. Answer every "
                "item of the current version; send it as the QuestionnaireResponse of a referral Bundle."
            ),
            "item": groups,
        },
    )


def _flatten(items) -> list:
    flat = []
    for item in items or []:
        flat.append(item)
        flat.extend(_flatten(item.item))
        for answer in item.answer or []:
            flat.extend(_flatten(answer.item))
    return flat


def _value(question: Question | None, answer) -> Any:
    for name in ("valueBoolean", "valueInteger", "valueString", "valueDecimal"):
        value = getattr(answer, name, None)
        if value is not None:
            return value
    coding = answer.valueCoding
    if coding is None or coding.code is None:
        return None
    for choice, _label in question.choices if question else ():
        if answer_code(choice) == coding.code:
            return choice
    return coding.code  # not one of the choices: validate_answers names the question and the choices


def answers_from(response: QuestionnaireResponse) -> dict[str, Any]:
    """Answers keyed by link id, as raw as the JSON API's: groups and display items are skipped."""
    answers: dict[str, Any] = {}
    for item in _flatten(response.item):
        question = QUESTIONS_BY_ID.get(item.linkId)
        if question is None and (item.linkId.startswith("section-") or item.linkId.endswith(".help")):
            continue
        values = [_value(question, answer) for answer in item.answer or []]
        if question is not None and question.kind == "multi":
            answers[item.linkId] = values
        elif len(values) == 1:
            answers[item.linkId] = values[0]
        else:
            # Zero answers: missing; several for a single-answer question: not one of the allowed values.
            answers[item.linkId] = values or None
    return answers
