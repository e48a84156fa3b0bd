"""Our code systems and identifiers as FHIR canonical URLs, all under SITE_URL (stable, not per request)."""

from __future__ import annotations

from django.conf import settings


def base() -> str:
    return f"{settings.SITE_URL}/fhir"


def clinic_identifier_system() -> str:
    """Identifier.system of a clinic's slug (Organization, Location, HealthcareService)."""
    return f"{settings.SITE_URL}/clinics"


def treatment_system() -> str:
    return f"{base()}/CodeSystem/treatment"


def condition_system() -> str:
    return f"{base()}/CodeSystem/condition"


def referral_status_system() -> str:
    """Task.businessStatus: our own referral statuses."""
    return f"{base()}/CodeSystem/referral-status"


def prescreen_url() -> str:
    return f"{base()}/Questionnaire/prescreen"


def answer_system(question_id: str) -> str:
    """The codes of one pre-screen question's answers."""
    return f"{base()}/CodeSystem/prescreen-{question_id}"


# HL7 systems used as they are.
LANGUAGE_SYSTEM = "urn:ietf:bcp:47"
SERVICE_MODE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ParticipationMode"
ORG_TYPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/organization-type"
CONSENT_SCOPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/consentscope"
TASK_CODE_SYSTEM = "http://hl7.org/fhir/CodeSystem/task-code"
