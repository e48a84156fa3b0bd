"""GET /fhir/metadata: the CapabilityStatement, what this server supports and nothing more."""

from __future__ import annotations

from typing import Any

from fhir.resources.R4B.capabilitystatement import CapabilityStatement

from referrals.screening import RULESET_VERSION

from . import codes
from .http import FHIR_JSON, emit
from .status import TASK_STATUSES

FHIR_VERSION = "4.3.0"  # R4B: the same Task, ServiceRequest and Questionnaire as R4 (4.0.1)


def _read(kind: str, doc: str, **extra: Any) -> dict[str, Any]:
    return {"type": kind, "documentation": doc, "interaction": [{"code": "read"}]} | extra


def capability_statement() -> dict[str, Any]:
    task_search = [
        {"name": "owner", "type": "reference", "documentation": "Organization/<id> of the receiving clinic"},
        {"name": "status", "type": "token", "documentation": "one or more of " + ", ".join(TASK_STATUSES)},
        {"name": "_count", "type": "number", "documentation": "page size, 1-100 (default 20)"},
        {"name": "_page", "type": "number", "documentation": "page number, from 1"},
    ]
    return emit(
        CapabilityStatement,
        {
            "resourceType": "CapabilityStatement",
            "url": f"{codes.base()}/metadata",
            "version": RULESET_VERSION,
            "name": "KetamineClinicFinderFhir",
            "title": "Ketamine Clinic Finder: referrals and directory",
            "status": "active",
            "date": "2026-12-03",
            "publisher": "Ketamine Clinic Finder",
            "kind": "instance",
            "implementation": {"description": "Closed-loop referrals to ketamine therapy clinics", "url": codes.base()},
            "software": {"name": "Ketamine Clinic Finder"},
            "fhirVersion": FHIR_VERSION,
            "format": [FHIR_JSON, "json"],
            "rest": [
                {
                    "mode": "server",
                    "documentation": "Integrator guide: docs/INTEGRATORS.md in the source.",
                    "security": {
                        "description": (
                            "Referrals and Tasks: 'Authorization: Token <key>' of a referrer (issued by the site's "
                            "staff), or a logged-in session with its CSRF token. Only the referrer who sent a "
                            "referral and the receiving clinic's staff see it. Directory reads and the "
                            "Questionnaire are public."
                        )
                    },
                    "interaction": [{"code": "transaction", "documentation": "POST a referral Bundle to / or /Bundle"}],
                    "operation": [
                        {
                            "name": "bulk-publish",
                            "definition": f"{codes.base()}/OperationDefinition/bulk-publish",
                            "documentation": (
                                "SMART Scheduling Links: GET /fhir/$bulk-publish, a manifest of NDJSON files per "
                                "state of Location, Schedule (one per clinic and treatment) and Slot (free: the "
                                "next new-patient opening; busy-unavailable: a waitlist). Public, no token."
                            ),
                        }
                    ],
                    "resource": [
                        _read("Questionnaire", "Only 'prescreen': the current pre-screen, versioned by its rule set."),
                        {
                            "type": "Task",
                            "documentation": "One per referral; status and businessStatus follow the clinic's work.",
                            "interaction": [
                                {"code": "read"},
                                {"code": "vread"},
                                {"code": "history-instance"},
                                {"code": "search-type"},
                            ],
                            "versioning": "versioned",
                            "readHistory": True,
                            "searchParam": task_search,
                        },
                        _read("ServiceRequest", "The referral, with the patient contained; created by a transaction."),
                        _read("Organization", "A published clinic."),
                        _read(
                            "Location",
                            "A published clinic's place, position, hours, time zone; also in the $bulk-publish files.",
                        ),
                        _read(
                            "HealthcareService", "A published clinic's treatments, conditions, languages, telehealth."
                        ),
                    ],
                }
            ],
        },
    )
