"""New-patient availability as SMART Scheduling Links resources: one Schedule per clinic and treatment,
at most one Slot each.

| availability (directory.availability)     | Schedule has-availability | Slot                          |
|--------------------------------------------|---------------------------|-------------------------------|
| `open`, confirmed in the last 14 days      | some                      | `free` on `next_opening`      |
| `waitlist`, confirmed in the last 14 days  | some                      | `busy-unavailable`, see below |
| `closed`, confirmed in the last 14 days    | none                      | none                          |
| older than 14 days (stale), or never given | unknown                   | none                          |

A staff confirmation is an opening date, not a booking system, so a free Slot is as coarse as the
spec allows: the clinic's hours that day (first opening to last closing; the whole local day when
it gives no hours for that weekday), with the clinic's page as its booking link and its phone as
the booking phone. A waitlist's busy Slot runs from its confirmation to midnight of the expected
start (the confirmation plus the weeks): no new patient before then. Every Schedule and Slot with a
value carries its confirmation time as `meta.lastSourceSync`. Times carry the offset of their own
date in the clinic's time zone. Only clinic data: nothing here knows a patient.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone
from fhir.resources.R4B.location import Location
from fhir.resources.R4B.schedule import Schedule
from fhir.resources.R4B.slot import Slot

from directory.availability import UNKNOWN, Opening, start_date
from directory.models import AvailabilityStatus, Clinic, Treatment
from directory.opening_hours import zone

from . import codes, directory
from .http import emit

REGISTRY = "http://fhir-registry.smarthealthit.org/StructureDefinition"
HAS_AVAILABILITY = f"{REGISTRY}/has-availability"
BOOKING_LINK = f"{REGISTRY}/booking-deep-link"
BOOKING_PHONE = f"{REGISTRY}/booking-phone"
LAST_SOURCE_SYNC = "http://hl7.org/fhir/StructureDefinition/lastSourceSync"

HAS_AVAILABILITY_CODE = {
    AvailabilityStatus.OPEN: "some",
    AvailabilityStatus.WAITLIST: "some",
    AvailabilityStatus.CLOSED: "none",
    UNKNOWN: "unknown",
}
SLOT_STATUS = {AvailabilityStatus.OPEN: "free", AvailabilityStatus.WAITLIST: "busy-unavailable"}


def clinic_page(clinic: Clinic) -> str:
    return f"{settings.SITE_URL}{clinic.get_absolute_url()}"


def location(clinic: Clinic) -> dict[str, Any]:
    """The clinic's Location as /fhir/Location/<id> reads it, with the clinic's page when it has no website
    (the spec wants a URL among the contact points)."""
    data = directory.location(clinic)
    if not any(point["system"] == "url" for point in data.get("telecom", [])):
        data["telecom"] = [*data.get("telecom", []), {"system": "url", "value": clinic_page(clinic), "use": "work"}]
        data = emit(Location, data)
    return data


def schedule_id(clinic: Clinic, treatment: Treatment) -> str:
    # Database ids, not slugs: a slug may hold '_', which a FHIR id may not.
    return f"{clinic.pk}-{treatment.pk}"


def _meta(opening: Opening | None) -> dict[str, Any]:
    if opening is None:
        return {}
    sync = {"url": LAST_SOURCE_SYNC, "valueDateTime": opening.confirmed_at.isoformat(timespec="seconds")}
    return {"meta": {"extension": [sync]}}


def _service_type(treatment: Treatment) -> list[dict[str, Any]]:
    coding = {"system": codes.treatment_system(), "code": treatment.slug, "display": treatment.name}
    return [{"coding": [coding], "text": treatment.name}]


def schedule(clinic: Clinic, treatment: Treatment, opening: Opening | None) -> dict[str, Any]:
    """`opening`: the treatment's availability at the clinic (None when never given)."""
    status = opening.status if opening is not None else UNKNOWN
    data = {
        "resourceType": "Schedule",
        "id": schedule_id(clinic, treatment),
        "active": True,
        "serviceType": _service_type(treatment),
        "actor": [{"reference": f"Location/{clinic.pk}", "display": clinic.name}],
        "extension": [{"url": HAS_AVAILABILITY, "valueCode": HAS_AVAILABILITY_CODE[status]}],
    } | _meta(opening)
    return emit(Schedule, data)


def _instant(moment: datetime.datetime) -> str:
    return moment.isoformat(timespec="seconds")


def opening_day(clinic: Clinic, day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """From the first opening to the last closing of the clinic's hours on `day` (its prefetched
    `opening_hours`), in its time zone; the whole local day when it gives no hours for that weekday."""
    tz = zone(clinic.timezone)
    hours = [row for row in clinic.opening_hours.all() if row.weekday == day.weekday()]
    if not hours:
        start = datetime.datetime.combine(day, datetime.time(0), tz)
        return start, datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(0), tz)
    opens = min(row.opens for row in hours)
    closes = max(row.closes for row in hours)
    return datetime.datetime.combine(day, opens, tz), datetime.datetime.combine(day, closes, tz)


def _window(clinic: Clinic, opening: Opening) -> tuple[datetime.datetime, datetime.datetime]:
    if opening.status == AvailabilityStatus.OPEN:
        return opening_day(clinic, opening.next_opening)
    tz = zone(clinic.timezone)
    expected = datetime.datetime.combine(start_date(opening), datetime.time(0), tz)
    return opening.confirmed_at.astimezone(tz), expected


def _booking(clinic: Clinic) -> list[dict[str, str]]:
    extensions = [{"url": BOOKING_LINK, "valueUrl": clinic_page(clinic)}]
    if clinic.phone:
        extensions.append({"url": BOOKING_PHONE, "valueString": clinic.phone})
    return extensions


def slot(clinic: Clinic, treatment: Treatment, opening: Opening | None) -> dict[str, Any] | None:
    """The Slot of a current open or waitlist value; None for closed, stale or never given."""
    if opening is None or opening.status not in SLOT_STATUS:
        return None
    start, end = _window(clinic, opening)
    if end <= timezone.now():  # an opening already over is no slot a scheduler could offer
        return None
    if end <= start:
        return None
    status = SLOT_STATUS[opening.status]
    suffix = f"{opening.next_opening:%Y%m%d}" if status == "free" else "waitlist"
    data = {
        "resourceType": "Slot",
        "id": f"{schedule_id(clinic, treatment)}-{suffix}",
        "schedule": {"reference": f"Schedule/{schedule_id(clinic, treatment)}"},
        "serviceType": _service_type(treatment),
        "status": status,
        "start": _instant(start),
        "end": _instant(end),
    } | _meta(opening)
    if status == "free":
        data["extension"] = _booking(clinic)
    return emit(Slot, data)
