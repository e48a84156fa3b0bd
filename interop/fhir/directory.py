"""Published clinics as FHIR Organization, Location and HealthcareService (Plan-Net / NDH shaped).

One clinic is one Organization (the provider) at one Location, offering one HealthcareService:
the treatments are its `type`s, the conditions its `specialty`s (our own codings), the
languages its `communication`, telehealth a `VIDEOCONF` characteristic, new patients Plan-Net's
`newpatients` extension, and taking referrals its `referralMethod`. Resource ids are the
clinic's database id; the slug is an identifier.
"""

from __future__ import annotations

from typing import Any

from fhir.resources.R4B.healthcareservice import HealthcareService
from fhir.resources.R4B.location import Location
from fhir.resources.R4B.organization import Organization

from directory.models import Clinic

from . import codes
from .http import emit

REFERRAL_METHOD_SYSTEM = "http://terminology.hl7.org/CodeSystem/service-referral-method"
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def _identifier(clinic: Clinic) -> list[dict[str, str]]:
    return [{"system": codes.clinic_identifier_system(), "value": clinic.slug}]


def _telecom(clinic: Clinic) -> list[dict[str, str]]:
    points = []
    if clinic.phone:
        points.append({"system": "phone", "value": clinic.phone, "use": "work"})
    if clinic.email:
        points.append({"system": "email", "value": clinic.email, "use": "work"})
    if clinic.website:
        points.append({"system": "url", "value": clinic.website, "use": "work"})
    return points


def _address(clinic: Clinic) -> dict[str, Any]:
    address = {"use": "work", "type": "physical", "city": clinic.city.name, "state": clinic.city.state}
    address |= {"postalCode": clinic.zip_code, "country": "US"}
    if clinic.street_address:
        address["line"] = [clinic.street_address]
    return address


def organization(clinic: Clinic) -> dict[str, Any]:
    data = {
        "resourceType": "Organization",
        "id": str(clinic.pk),
        "identifier": _identifier(clinic),
        "active": clinic.published,
        "type": [{"coding": [{"system": codes.ORG_TYPE_SYSTEM, "code": "prov", "display": "Healthcare Provider"}]}],
        "name": clinic.name,
        "address": [_address(clinic)],
    }
    if telecom := _telecom(clinic):
        data["telecom"] = telecom
    return emit(Organization, data)


def location(clinic: Clinic) -> dict[str, Any]:
    data = {
        "resourceType": "Location",
        "id": str(clinic.pk),
        "identifier": _identifier(clinic),
        "status": "active" if clinic.published else "inactive",
        "name": clinic.name,
        "mode": "instance",
        "address": _address(clinic),
        "position": {"latitude": clinic.latitude, "longitude": clinic.longitude},
        "managingOrganization": {"reference": f"Organization/{clinic.pk}", "display": clinic.name},
        "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/timezone", "valueCode": clinic.timezone}],
    }
    if telecom := _telecom(clinic):
        data["telecom"] = telecom
    hours = [
        {
            "daysOfWeek": [WEEKDAYS[row.weekday]],
            "openingTime": f"{row.opens:%H:%M:%S}",
            "closingTime": f"{row.closes:%H:%M:%S}",
        }
        for row in clinic.opening_hours.all()
    ]
    if hours:
        data["hoursOfOperation"] = hours
    return emit(Location, data)


def _coding(system: str, lookup) -> dict[str, Any]:
    return {"coding": [{"system": system, "code": lookup.slug, "display": lookup.name}], "text": lookup.name}


PLAN_NET = "http://hl7.org/fhir/us/davinci-pdex-plan-net"


def _new_patients(clinic: Clinic) -> dict[str, Any]:
    """Plan-Net's `newpatients` extension: accepting new patients or not."""
    code = "newpt" if clinic.accepting_new_patients else "nopt"
    concept = {"coding": [{"system": f"{PLAN_NET}/CodeSystem/AcceptingPatientsCS", "code": code}]}
    return {
        "url": f"{PLAN_NET}/StructureDefinition/newpatients",
        "extension": [{"url": "acceptingPatients", "valueCodeableConcept": concept}],
    }


def healthcare_service(clinic: Clinic) -> dict[str, Any]:
    data = {
        "resourceType": "HealthcareService",
        "id": str(clinic.pk),
        "identifier": _identifier(clinic),
        "active": clinic.published,
        "providedBy": {"reference": f"Organization/{clinic.pk}", "display": clinic.name},
        "category": [{"text": "Ketamine therapy"}],
        "type": [_coding(codes.treatment_system(), t) for t in clinic.treatments.all()],
        "specialty": [_coding(codes.condition_system(), c) for c in clinic.conditions.all()],
        "location": [{"reference": f"Location/{clinic.pk}", "display": clinic.name}],
        "name": f"Ketamine therapy at {clinic.name}",
        "appointmentRequired": True,
        "communication": [
            {"coding": [{"system": codes.LANGUAGE_SYSTEM, "code": lang.code, "display": lang.name}]}
            for lang in clinic.languages.all()
        ],
        "characteristic": [
            {"coding": [{"system": codes.SERVICE_MODE_SYSTEM, "code": "VIDEOCONF"}], "text": "Telehealth"}
        ]
        if clinic.telehealth
        else [],
        "referralMethod": [{"coding": [{"system": REFERRAL_METHOD_SYSTEM, "code": "elec"}]}]
        if clinic.accepts_referrals
        else [],
        "extension": [_new_patients(clinic)],
    }
    if clinic.description:
        data["comment"] = clinic.description
    if telecom := _telecom(clinic):
        data["telecom"] = telecom
    return emit(HealthcareService, {key: value for key, value in data.items() if value != []})


def published_clinic(pk: str) -> Clinic | None:
    """The published clinic with this resource id, with what the resources need."""
    if not pk.isdigit() or len(pk) > 18:
        return None
    return (
        Clinic.objects.published()
        .select_related("city")
        .prefetch_related("treatments", "conditions", "languages", "opening_hours")
        .filter(pk=int(pk))
        .first()
    )
