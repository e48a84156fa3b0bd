"""Setting a clinic's availability as its staff would, at a moment the test chooses."""

from __future__ import annotations

import datetime

from directory.availability import record_availability
from directory.models import Treatment, TreatmentAvailability

# Thursday 3 December 2026, 15:00 UTC (10:00 in Atlanta).
NOW = datetime.datetime(2026, 12, 3, 15, 0, tzinfo=datetime.UTC)
TODAY = NOW.date()


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def set_availability(
    clinic,
    treatment: str,
    status: str,
    *,
    opens_in: int | None = None,
    weeks: int | None = None,
    confirmed_days_ago: float = 0,
    by=None,
) -> TreatmentAvailability:
    row = TreatmentAvailability.objects.filter(clinic=clinic, treatment__slug=treatment).first()
    row = row or TreatmentAvailability(clinic=clinic, treatment=Treatment.objects.get(slug=treatment))
    row.status = status
    row.next_opening = TODAY + days(opens_in) if opens_in is not None else None
    row.waitlist_weeks = weeks
    return record_availability(row, by=by, now=NOW - datetime.timedelta(days=confirmed_days_ago))
