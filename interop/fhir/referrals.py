"""A referral as FHIR: its ServiceRequest (with the patient contained) and its Task, version by version.

The Task's versions are the referral's status history: version n is the Task as it stood after
the n-th status change (the first is `sent`), so `_history` reads like the JSON API's history.
"""

from __future__ import annotations

from typing import Any

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.servicerequest import ServiceRequest
from fhir.resources.R4B.task import Task

from referrals.models import Referral, ReferralStatusChange
from referrals.workflow import Status

from . import codes
from .http import emit
from .status import task_status

REFUSALS = {Status.DECLINED, Status.NO_CAPACITY}


def _instant(moment) -> str:
    return moment.isoformat(timespec="seconds")


def _owner(referral: Referral) -> dict[str, str]:
    return {"reference": f"Organization/{referral.clinic_id}", "display": referral.clinic.name}


def task_version(referral: Referral, history: list[ReferralStatusChange], version: int) -> dict[str, Any]:
    """The Task after the first `version` status changes (1 ≤ version ≤ len(history))."""
    upto = history[:version]
    change = upto[-1]
    status = change.to_status
    data: dict[str, Any] = {
        "resourceType": "Task",
        "id": str(referral.pk),
        "meta": {"versionId": str(version), "lastUpdated": _instant(change.at)},
        "status": task_status(status, [c.to_status for c in upto[:-1]]),
        "businessStatus": {
            "coding": [
                {"system": codes.referral_status_system(), "code": status, "display": str(Status(status).label)}
            ],
            "text": str(Status(status).label),
        },
        "intent": "order",
        "code": {"coding": [{"system": codes.TASK_CODE_SYSTEM, "code": "fulfill"}]},
        "focus": {"reference": f"ServiceRequest/{referral.pk}"},
        "authoredOn": _instant(referral.created_at),
        "lastModified": _instant(change.at),
        "owner": _owner(referral),
        "priority": "urgent" if referral.high_priority else "routine",
    }
    if referral.referrer is not None:
        data["requester"] = {"display": referral.referrer.get_username()}
    if status in REFUSALS:
        data["statusReason"] = {"text": str(Status(status).label)}
    notes = [c for c in upto if c.note]
    if notes:
        data["note"] = [{"text": c.note, "time": _instant(c.at)} for c in notes]
    return emit(Task, data)


def history_of(referral: Referral) -> list[ReferralStatusChange]:
    return list(referral.status_changes.order_by("at", "id"))


def task(referral: Referral, history: list[ReferralStatusChange] | None = None) -> dict[str, Any]:
    history = history if history is not None else history_of(referral)
    return task_version(referral, history, len(history))


def task_history_bundle(referral: Referral, base_url: str) -> dict[str, Any]:
    """Every version of the Task, newest first, as FHIR's `_history` Bundle."""
    history = history_of(referral)
    entries = []
    for version in range(len(history), 0, -1):
        resource = task_version(referral, history, version)
        entries.append(
            {
                "fullUrl": f"{base_url}/Task/{referral.pk}/_history/{version}",
                "resource": resource,
                "request": {"method": "POST" if version == 1 else "PUT", "url": f"Task/{referral.pk}"},
                "response": {"status": "201" if version == 1 else "200", "lastModified": resource["lastModified"]},
            }
        )
    return emit(Bundle, {"resourceType": "Bundle", "type": "history", "total": len(entries), "entry": entries})


def _patient(referral: Referral) -> dict[str, Any]:
    patient: dict[str, Any] = {"resourceType": "Patient", "id": "patient"}
    if referral.patient_first_name or referral.patient_last_name:
        name = {"family": referral.patient_last_name} if referral.patient_last_name else {}
        patient["name"] = [name | ({"given": [referral.patient_first_name]} if referral.patient_first_name else {})]
    telecom = []
    for system, value in (("email", referral.patient_email), ("phone", referral.patient_phone)):
        if value:
            telecom.append(
                {"system": system, "value": value} | ({"rank": 1} if referral.preferred_contact == system else {})
            )
    if telecom:
        patient["telecom"] = telecom
    return patient


SERVICE_REQUEST_STATUS = {"completed": "completed", "rejected": "revoked", "cancelled": "revoked"}


def service_request(referral: Referral, history: list[ReferralStatusChange] | None = None) -> dict[str, Any]:
    history = history if history is not None else history_of(referral)
    current = task_status(referral.status, [c.to_status for c in history[:-1]])
    condition = referral.answers.get("condition")
    data: dict[str, Any] = {
        "resourceType": "ServiceRequest",
        "id": str(referral.pk),
        "contained": [_patient(referral)],
        "status": SERVICE_REQUEST_STATUS.get(current, "active"),
        "intent": "order",
        "priority": "urgent" if referral.high_priority else "routine",
        "code": {"text": "Ketamine therapy evaluation"},
        "subject": {"reference": "#patient"},
        "authoredOn": _instant(referral.created_at),
        "performer": [_owner(referral)],
        "supportingInfo": [
            {"display": f"Pre-screen outcome: {referral.outcome} (rule set {referral.ruleset_version})"}
        ],
    }
    if isinstance(condition, str):
        data["reasonCode"] = [{"coding": [{"system": codes.condition_system(), "code": condition}]}]
    if referral.referrer is not None:
        data["requester"] = {"display": referral.referrer.get_username()}
    if referral.note:
        data["note"] = [{"text": referral.note}]
    return emit(ServiceRequest, data)
