"""New-patient availability: what is still current, how it reads, and confirming it.

A value clinic staff confirmed less than FRESH_DAYS ago is shown as they gave it;
an older one is shown as unknown, never as current. Plain functions with a `now=`
argument, so every rule runs under a clock the caller controls.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

from directory.listing_version import listings_changed
from directory.models import AvailabilityStatus, Clinic, TreatmentAvailability

FRESH_DAYS = 14
UNKNOWN = "unknown"


def fresh_since(now: datetime.datetime) -> datetime.datetime:
    """Confirmations at or after this moment are current."""
    return now - datetime.timedelta(days=FRESH_DAYS)


@dataclass(frozen=True)
class Opening:
    """One treatment's availability as a page or the API shows it."""

    treatment_slug: str
    treatment_name: str
    status: str  # open, waitlist, closed, or unknown once stale
    next_opening: datetime.date | None
    waitlist_weeks: int | None
    confirmed_at: datetime.datetime
    seen_at: datetime.datetime  # the moment the page or answer is about

    @property
    def age_text(self) -> str:
        """'confirmed 3 days ago', worded when a page shows it (the JSON gives the date itself)."""
        return confirmed_age_text(self.confirmed_at, now=self.seen_at)

    def as_json(self) -> dict:
        return {
            "status": self.status,
            "next_opening": self.next_opening.isoformat() if self.next_opening else None,
            "waitlist_weeks": self.waitlist_weeks,
            "confirmed_at": self.confirmed_at.isoformat(),
        }


def confirmed_age_text(confirmed_at: datetime.datetime, *, now: datetime.datetime) -> str:
    """'confirmed 3 days ago' (in the active language); 'confirmed today' under a day."""
    if now - confirmed_at < datetime.timedelta(days=1):
        return _("confirmed today")
    # timesince joins number and unit with a no-break space; plain text (emails, the API) wants a space.
    age = timesince(confirmed_at, now, depth=1).replace("\xa0", " ")
    return _("confirmed %(age)s ago") % {"age": age}


def opening_of(row, *, now: datetime.datetime) -> Opening:
    """`row` has treatment_slug, treatment_name, status, next_opening, waitlist_weeks and confirmed_at."""
    current = row.confirmed_at >= fresh_since(now)
    return Opening(
        treatment_slug=row.treatment_slug,
        treatment_name=row.treatment_name,
        status=row.status if current else UNKNOWN,
        next_opening=row.next_opening if current else None,
        waitlist_weeks=row.waitlist_weeks if current else None,
        confirmed_at=row.confirmed_at,
        seen_at=now,
    )


def page_openings(clinic_ids: Sequence[int], *, now: datetime.datetime) -> dict[int, list[Opening]]:
    """Each clinic's openings for the treatments it still offers, in one query (treatment order)."""
    by_clinic: dict[int, list[Opening]] = {clinic_id: [] for clinic_id in clinic_ids}
    if not clinic_ids:
        return by_clinic
    offered = Clinic.treatments.through.objects.filter(clinic=OuterRef("clinic_id"), treatment=OuterRef("treatment_id"))
    rows = (
        TreatmentAvailability.objects.filter(Exists(offered), clinic_id__in=clinic_ids)
        .annotate(treatment_slug=F("treatment__slug"), treatment_name=F("treatment__name"))
        .order_by("clinic_id", "treatment__sort_order", "treatment__name")
        .values_list(
            "clinic_id",
            "status",
            "next_opening",
            "waitlist_weeks",
            "confirmed_at",
            "treatment_slug",
            "treatment_name",
            named=True,
        )
    )
    for row in rows:
        by_clinic[row.clinic_id].append(opening_of(row, now=now))
    return by_clinic


def openings_json(openings: Iterable[Opening]) -> dict[str, dict]:
    """The API's `availability`: {treatment slug: {status, next_opening, waitlist_weeks, confirmed_at}}."""
    return {opening.treatment_slug: opening.as_json() for opening in openings}


def soonest_opening(openings: Iterable[Opening], *, treatments: Iterable[str] | None = None) -> Opening | None:
    """The current opening (open or waitlist) that comes first, among `treatments` if given."""
    wanted = set(treatments) if treatments is not None else None
    candidates = [
        o
        for o in openings
        if o.status in (AvailabilityStatus.OPEN, AvailabilityStatus.WAITLIST)
        and (wanted is None or o.treatment_slug in wanted)
    ]
    if not candidates:
        return None
    return min(candidates, key=start_date)


def start_date(opening: Opening) -> datetime.date:
    """When a new patient can expect to start: the opening, or the waitlist counted from its confirmation."""
    if opening.next_opening is not None:
        return opening.next_opening
    return (opening.confirmed_at + datetime.timedelta(weeks=opening.waitlist_weeks or 0)).date()


# Writing -------------------------------------------------------------------


def record_availability(row: TreatmentAvailability, *, by, now: datetime.datetime) -> TreatmentAvailability:
    """Save a value clinic staff set or changed: stamped as confirmed now, by them."""
    row.confirmed_at, row.confirmed_by = now, by
    row.full_clean(exclude=["confirmed_at"])
    row.refresh_expected_opening()
    row.save()
    listings_changed()
    return row


def confirm_clinic(clinic: Clinic, *, by, now: datetime.datetime) -> int:
    """ "Still correct": every availability value and the listing's details are confirmed as of now.

    A waitlist's expected start moves with its confirmation (three weeks from today, not from
    the first time it was typed). Returns how many availability values were confirmed.
    """
    with transaction.atomic():
        rows = list(TreatmentAvailability.objects.select_for_update().filter(clinic=clinic).order_by("pk"))
        for row in rows:
            row.confirmed_at, row.confirmed_by = now, by
            row.refresh_expected_opening()
        TreatmentAvailability.objects.bulk_update(rows, ["confirmed_at", "confirmed_by", "expected_opening"])
        # update(), not save(): a confirmation is no edit, so it writes no listing history record.
        Clinic.objects.filter(pk=clinic.pk).update(details_confirmed_at=now)
        listings_changed()
    clinic.details_confirmed_at = now
    return len(rows)


def drop_unoffered(clinic: Clinic) -> int:
    """Forget availability of treatments the clinic no longer offers."""
    offered = clinic.treatments.values("pk")
    deleted, _rows = TreatmentAvailability.objects.filter(clinic=clinic).exclude(treatment__in=offered).delete()
    if deleted:
        listings_changed()
    return deleted
