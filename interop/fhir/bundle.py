"""A referral transaction Bundle → the arguments of referrals.services.create_referral.

The Bundle holds exactly one each of Patient, ServiceRequest, QuestionnaireResponse and
Consent. Only what the JSON API takes is read: the patient's name and telecom (rank 1 is the
preferred contact), the ServiceRequest's performer (the clinic's Organization), reasonCode (the
condition; it must agree with the answers), and notes, the answers, and whether the Consent is
an active permit. Anything else in them is not stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from fhir.resources.R4B.bundle import Bundle

from directory.models import Clinic
from referrals.screening import QUESTIONS_BY_ID

from . import codes
from .http import FhirError, invalid, parse
from .questionnaire import answers_from

KINDS = ("Patient", "ServiceRequest", "QuestionnaireResponse", "Consent")
CONDITION_QUESTION = "condition"  # the answer create_referral routes on (as POST /api/referrals/ does)


@dataclass(frozen=True)
class ReferralSubmission:
    answers: dict[str, Any]
    clinic: Clinic
    patient: dict[str, str]
    consent: bool
    note: str


def _resources(bundle) -> dict[str, Any]:
    if bundle.type != "transaction":
        raise invalid(_("Send a Bundle of type 'transaction'."), "Bundle.type")
    found: dict[str, list] = {kind: [] for kind in KINDS}
    for index, entry in enumerate(bundle.entry or []):
        resource = entry.resource
        kind = resource.get_resource_type() if resource is not None else None
        if kind not in found:
            message = _("A referral Bundle holds only Patient, ServiceRequest, QuestionnaireResponse and Consent.")
            raise invalid(message, f"Bundle.entry[{index}]", code="not-supported")
        if entry.request is not None and entry.request.method != "POST":
            raise invalid(_("Each entry is created: use request.method POST."), f"Bundle.entry[{index}].request")
        found[kind].append((entry, resource))
    issues = [
        ("required", _("The Bundle needs exactly one %(kind)s.") % {"kind": kind}, "Bundle.entry")
        for kind, items in found.items()
        if len(items) != 1
    ]
    if issues:
        raise FhirError(issues)
    return {kind: items[0] for kind, items in found.items()}


def _clinic(service_request) -> Clinic:
    performers = service_request.performer or []
    if len(performers) != 1:
        raise invalid(_("Name exactly one performer: the clinic's Organization."), "ServiceRequest.performer")
    performer = performers[0]
    clinics = Clinic.objects.filter(published=True)
    reference = (performer.reference or "").rstrip("/")
    if reference:
        kind, _slash, pk = reference.rpartition("/")
        clinic = (
            clinics.filter(pk=int(pk)).first()
            if kind.endswith("Organization") and pk.isdigit() and len(pk) < 19
            else None
        )
    elif performer.identifier is not None and performer.identifier.system == codes.clinic_identifier_system():
        clinic = clinics.filter(slug=performer.identifier.value or "").first()
    else:
        clinic = None
    if clinic is None:
        raise invalid(_("Unknown clinic."), "ServiceRequest.performer", code="not-found")
    return clinic


def _condition(service_request) -> str:
    for concept in service_request.reasonCode or []:
        for coding in concept.coding or []:
            if coding.system == codes.condition_system() and coding.code:
                return coding.code
    message = _("Give the condition as a reasonCode coding of %(system)s.") % {"system": codes.condition_system()}
    raise invalid(message, "ServiceRequest.reasonCode", code="required")


def _patient(patient) -> dict[str, str]:
    name = (patient.name or [None])[0]
    given = " ".join(name.given or []) if name is not None else ""
    family = (name.family or "") if name is not None else ""
    contacts: dict[str, str] = {}
    preferred, best_rank = "", None
    for point in patient.telecom or []:
        if point.system not in ("email", "phone") or not point.value:
            continue
        contacts.setdefault(point.system, point.value)
        rank = point.rank if point.rank is not None else 10**6
        if best_rank is None or rank < best_rank:
            preferred, best_rank = point.system, rank
    return {
        "first_name": given,
        "last_name": family,
        "email": contacts.get("email", ""),
        "phone": contacts.get("phone", ""),
        "preferred_contact": preferred,
    }


def _consented(consent) -> bool:
    provision = consent.provision
    return consent.status == "active" and (provision is None or provision.type in (None, "permit"))


def parse_referral_bundle(data: dict[str, Any]) -> ReferralSubmission:
    """Raises FhirError (400) for anything that is not a well-formed referral Bundle."""
    if data.get("resourceType") != "Bundle":
        raise invalid(_("Send a FHIR Bundle."), "Bundle.resourceType")
    bundle = parse(Bundle, data, "Bundle")
    found = _resources(bundle)
    patient_entry, service_request = found["Patient"][0], found["ServiceRequest"][1]
    if patient_entry.fullUrl and service_request.subject.reference != patient_entry.fullUrl:
        message = _("The ServiceRequest's subject must be the Bundle's Patient (%(url)s).")
        raise invalid(message % {"url": patient_entry.fullUrl}, "ServiceRequest.subject")
    clinic = _clinic(service_request)
    condition = _condition(service_request)
    answers = answers_from(found["QuestionnaireResponse"][1])
    if CONDITION_QUESTION in QUESTIONS_BY_ID:
        given = answers.setdefault(CONDITION_QUESTION, condition)
        if given != condition:
            message = _("The reasonCode and the answer to '%(question)s' name different conditions.")
            raise invalid(message % {"question": CONDITION_QUESTION}, "ServiceRequest.reasonCode")
    note = "\n".join(n.text for n in service_request.note or [] if n.text)
    return ReferralSubmission(
        answers=answers,
        clinic=clinic,
        patient=_patient(found["Patient"][1]),
        consent=_consented(found["Consent"][1]),
        note=note,
    )
