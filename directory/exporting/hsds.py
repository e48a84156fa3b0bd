"""Clinics as Open Referral HSDS 3.0 JSON, in its tabular shape.

The document is one object: "hsds_version", "generated_at", then one array
per HSDS table (organization, service, location, address, phone,
service_at_location, language, schedule, unit, service_capacity), each record
with the HSDS field names and linked by the `*_id` fields.

New-patient availability is exported as `service_capacity` records (one per
treatment whose availability was confirmed in the last 14 days) measured in one
`unit`, "new-patient opening": `available` is 1 when the clinic takes new
patients for that treatment (its date in `description`), 0 for a waitlist or
closed, and `updated` is when clinic staff confirmed it. HSDS 3.0 has no
service_capacity table; it is the one HSDS 3.1 defines, and a 3.0 consumer
ignores tables it does not know. The verification date is the service's
`assured_date` while the verification is valid (12 months). Every clinic is one organization that
offers one service ("Ketamine therapy") at one physical location. Identifiers
are UUIDs derived from the site, the table and the clinic's id (hsds_ids), so
they stay the same from one export to the next and match the HSDS API's.
Schedules carry the UTC offset of the dates they cover (hsds_schedules). Empty optional fields are left out (HSDS types
them as strings or numbers, never null).

The document is written in chunks, one pass over the clinics per table, so
memory stays flat however many clinics are exported.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterator

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from directory.availability import fresh_since
from directory.models import AvailabilityStatus, Clinic, OpeningHours, TreatmentAvailability
from directory.trust import VERIFIED, verification_state

from .hsds_ids import record_id
from .hsds_schedules import schedule_records

HSDS_VERSION = "3.0"
CHUNK = 1000


def _id(clinic_pk: int, table: str, extra: object = "") -> str:
    return record_id(table, clinic_pk, extra)


def _compact(record: dict) -> dict:
    return {key: value for key, value in record.items() if value not in (None, "")}


def _organization(clinic: Clinic, base_url: str) -> list[dict]:
    return [
        _compact(
            {
                "id": _id(clinic.pk, "organization"),
                "name": clinic.name,
                "description": clinic.description or f"{clinic.name}, a ketamine therapy clinic in {clinic.city}.",
                "email": clinic.email,
                "website": clinic.website,
            }
        )
    ]


def _fees(clinic: Clinic) -> str:
    if clinic.price_from is not None and clinic.price_to is not None:
        return f"Self-pay ${clinic.price_from}–${clinic.price_to} per session."
    if clinic.price_from is not None:
        return f"Self-pay from ${clinic.price_from} per session."
    return ""


def _service(clinic: Clinic, base_url: str) -> list[dict]:
    return [
        _compact(
            {
                "id": _id(clinic.pk, "service"),
                "organization_id": _id(clinic.pk, "organization"),
                "name": f"Ketamine therapy at {clinic.name}",
                "description": clinic.description,
                "url": base_url + clinic.get_absolute_url(),
                "email": clinic.email,
                "status": "active" if clinic.published else "inactive",
                "fees_description": _fees(clinic),
                "assured_date": _assured_date(clinic),
            }
        )
    ]


def _assured_date(clinic: Clinic) -> str | None:
    state = verification_state(verified=clinic.verified, verified_at=clinic.verified_at, today=timezone.localdate())
    return clinic.verified_at.isoformat() if state == VERIFIED else None


UNIT_ID = "unit/new-patient-opening"


def _unit_record() -> dict:
    return {
        "id": record_id(UNIT_ID, 0),
        "name": "New-patient opening",
        "scheme": "ketamine-clinic-finder",
        "identifier": "new-patient-opening",
    }


def _capacity_description(row: TreatmentAvailability) -> str:
    name = row.treatment.name
    if row.status == AvailabilityStatus.OPEN:
        return f"{name}: accepting new patients; next opening {row.next_opening.isoformat()}."
    if row.status == AvailabilityStatus.WAITLIST:
        return f"{name}: waitlist of about {row.waitlist_weeks} week(s) for new patients."
    return f"{name}: not accepting new patients."


def _service_capacity(clinic: Clinic, base_url: str) -> list[dict]:
    # `current_availability`: the prefetch of hsds_json_chunks (fresh values of offered treatments only).
    return [
        {
            "id": _id(clinic.pk, "service_capacity", row.treatment.slug),
            "service_id": _id(clinic.pk, "service"),
            "unit_id": _unit_record()["id"],
            "unit": _unit_record(),
            "available": 1 if row.status == AvailabilityStatus.OPEN else 0,
            "maximum": 1,
            "description": _capacity_description(row),
            "updated": row.confirmed_at.isoformat(timespec="milliseconds"),
        }
        for row in clinic.current_availability
        if row.treatment_id in {t.pk for t in clinic.treatments.all()}
    ]


def _location(clinic: Clinic, base_url: str) -> list[dict]:
    return [
        {
            "id": _id(clinic.pk, "location"),
            "location_type": "physical",
            "organization_id": _id(clinic.pk, "organization"),
            "name": clinic.name,
            "latitude": clinic.latitude,
            "longitude": clinic.longitude,
        }
    ]


def _address(clinic: Clinic, base_url: str) -> list[dict]:
    if not clinic.street_address:
        return []  # address_1 is required; the location's coordinates still place it
    return [
        {
            "id": _id(clinic.pk, "address"),
            "location_id": _id(clinic.pk, "location"),
            "address_1": clinic.street_address,
            "city": clinic.city.name,
            "state_province": clinic.city.state,
            "postal_code": clinic.zip_code,
            "country": "US",
            "address_type": "physical",
        }
    ]


def _phone(clinic: Clinic, base_url: str) -> list[dict]:
    if not clinic.phone:
        return []
    return [
        {
            "id": _id(clinic.pk, "phone"),
            "location_id": _id(clinic.pk, "location"),
            "service_id": _id(clinic.pk, "service"),
            "number": clinic.phone,
            "type": "voice",
        }
    ]


def _service_at_location(clinic: Clinic, base_url: str) -> list[dict]:
    return [
        {
            "id": _id(clinic.pk, "service_at_location"),
            "service_id": _id(clinic.pk, "service"),
            "location_id": _id(clinic.pk, "location"),
        }
    ]


def _language(clinic: Clinic, base_url: str) -> list[dict]:
    return [
        {
            "id": _id(clinic.pk, "language", lang.code),
            "service_id": _id(clinic.pk, "service"),
            "name": lang.name,
            "code": lang.code,
        }
        for lang in clinic.languages.all()
    ]


def _schedule(clinic: Clinic, base_url: str) -> list[dict]:
    hours: list[OpeningHours] = list(clinic.opening_hours.all())
    return schedule_records(
        clinic,
        hours,
        today=timezone.localdate(),
        id_of=lambda extra: _id(clinic.pk, "schedule", extra),
        service_at_location_id=_id(clinic.pk, "service_at_location"),
    )


Table = Callable[[Clinic, str], list[dict]]
# table name → (records of one clinic, what that needs prefetched)
HSDS_TABLES: dict[str, tuple[Table, tuple[str, ...]]] = {
    "organization": (_organization, ()),
    "service": (_service, ()),
    "location": (_location, ()),
    "address": (_address, ()),
    "phone": (_phone, ()),
    "service_at_location": (_service_at_location, ()),
    "language": (_language, ("languages",)),
    "schedule": (_schedule, ("opening_hours",)),
    "service_capacity": (_service_capacity, ("current_availability", "treatments")),
}


def _prefetch(name: str, now: datetime.datetime):
    if name == "current_availability":
        fresh = TreatmentAvailability.objects.filter(confirmed_at__gte=fresh_since(now)).select_related("treatment")
        return Prefetch("availability", queryset=fresh.order_by("treatment__sort_order"), to_attr=name)
    return name


def hsds_json_chunks(clinics: QuerySet[Clinic], *, base_url: str) -> Iterator[str]:
    """The HSDS document as text chunks, for a StreamingHttpResponse or "".join()."""
    now = timezone.now()
    head = {"hsds_version": HSDS_VERSION, "generated_at": now.isoformat(timespec="seconds")}
    yield json.dumps(head)[:-1]
    yield ', "unit": [' + json.dumps(_unit_record()) + "]"
    for name, (records_of, prefetch) in HSDS_TABLES.items():
        yield f', "{name}": ['
        separator = ""
        batch: list[str] = []
        prefetches = [_prefetch(item, now) for item in prefetch]
        rows = clinics.select_related("city").prefetch_related(*prefetches).order_by("pk")
        for clinic in rows.iterator(chunk_size=CHUNK):
            for record in records_of(clinic, base_url):
                batch.append(separator + json.dumps(record, ensure_ascii=False))
                separator = ", "
            if len(batch) >= CHUNK:
                yield "".join(batch)
                batch = []
        yield "".join(batch) + "]"
    yield "}"
