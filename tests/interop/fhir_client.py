"""What an EHR does, with fhir.resources and HTTP only: fill in the Questionnaire, build the Bundle.

Answers come from the pre-screen helpers (tests/referrals/helpers.py) as the JSON API takes them,
and are put into the Questionnaire the server sent, by its own answer options: nothing here
knows the questions.
"""

from __future__ import annotations

import json
from typing import Any

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

FHIR_JSON = "application/fhir+json"


def code_of(value: Any) -> str:
    return json.dumps(value) if isinstance(value, bool) else str(value)


def _questions(items):
    for item in items or []:
        if item.type == "group":
            yield from _questions(item.item)
        elif item.type != "display":
            yield item


def questionnaire_response(questionnaire: Questionnaire, answers: dict[str, Any]) -> QuestionnaireResponse:
    items = []
    for question in _questions(questionnaire.item):
        if question.linkId not in answers:
            continue
        value = answers[question.linkId]
        if question.type == "boolean":
            answer = [{"valueBoolean": value}]
        else:
            options = {option.valueCoding.code: option.valueCoding for option in question.answerOption}
            values = value if question.repeats else [value]
            answer = [{"valueCoding": options[code_of(v)].model_dump(exclude_none=True)} for v in values]
        items.append({"linkId": question.linkId, "answer": answer} if answer else {"linkId": question.linkId})
    return QuestionnaireResponse.model_validate(
        {
            "resourceType": "QuestionnaireResponse",
            "questionnaire": f"{questionnaire.url}|{questionnaire.version}",
            "status": "completed",
            "subject": {"reference": "urn:uuid:patient-1"},
            "item": items,
        }
    )


def referral_bundle(
    *,
    questionnaire: Questionnaire,
    answers: dict[str, Any],
    organization_id: str,
    condition_system: str,
    patient: dict[str, str],
    consent_status: str = "active",
    note: str = "Mornings are best.",
) -> Bundle:
    telecom = []
    for system in ("email", "phone"):
        if patient.get(system):
            point = {"system": system, "value": patient[system]}
            if patient.get("preferred_contact") == system:
                point["rank"] = 1
            telecom.append(point)
    resources = [
        (
            "urn:uuid:patient-1",
            {
                "resourceType": "Patient",
                "name": [{"family": patient["last_name"], "given": [patient["first_name"]]}],
                "telecom": telecom,
            },
        ),
        (
            "urn:uuid:request-1",
            {
                "resourceType": "ServiceRequest",
                "status": "active",
                "intent": "order",
                "subject": {"reference": "urn:uuid:patient-1"},
                "performer": [{"reference": f"Organization/{organization_id}"}],
                "reasonCode": [{"coding": [{"system": condition_system, "code": answers["condition"]}]}],
                "note": [{"text": note}],
            },
        ),
        (
            "urn:uuid:answers-1",
            questionnaire_response(questionnaire, answers).model_dump(mode="json", exclude_none=True),
        ),
        (
            "urn:uuid:consent-1",
            {
                "resourceType": "Consent",
                "status": consent_status,
                "scope": {
                    "coding": [
                        {"system": "http://terminology.hl7.org/CodeSystem/consentscope", "code": "patient-privacy"}
                    ]
                },
                "category": [{"coding": [{"system": "http://loinc.org", "code": "59284-0"}]}],
                "patient": {"reference": "urn:uuid:patient-1"},
                "provision": {"type": "permit"},
            },
        ),
    ]
    return Bundle.model_validate(
        {
            "resourceType": "Bundle",
            "type": "transaction",
            "entry": [
                {"fullUrl": url, "resource": resource, "request": {"method": "POST", "url": resource["resourceType"]}}
                for url, resource in resources
            ],
        }
    )


def body_of(model) -> str:
    return model.model_dump_json(exclude_none=True)
