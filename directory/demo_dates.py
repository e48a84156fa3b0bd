"""Re-date the demo data to the day it is loaded, so its availability and checks never go stale.

The fixture stores availability, confirmations and verifications as of the day it was built;
fixtures/demo_relative_dates.json says how long before (or after) "now" each one is meant to be:
confirmed 2 days ago, opening in 5 days, verified 420 days ago (expired), and so on.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from directory.listing_version import listings_changed
from directory.models import Clinic, TreatmentAvailability
from directory.models.history import record_listing_change

RELATIVE_DATES = Path(settings.BASE_DIR) / "fixtures" / "demo_relative_dates.json"


def move_demo_dates(*, now: datetime.datetime, path: Path = RELATIVE_DATES) -> int:
    """Apply the relative dates; returns how many availability values were re-dated."""
    relative = json.loads(path.read_text())
    today = timezone.localdate(now)
    rows = list(TreatmentAvailability.objects.filter(pk__in=[int(pk) for pk in relative["availability"]]))
    for row in rows:
        entry = relative["availability"][str(row.pk)]
        row.confirmed_at = now - datetime.timedelta(days=entry["confirmed_days_ago"])
        if entry["opens_in_days"] is not None:
            row.next_opening = today + datetime.timedelta(days=entry["opens_in_days"])
        row.refresh_expected_opening()
    TreatmentAvailability.objects.bulk_update(rows, ["confirmed_at", "next_opening", "expected_opening"])
    clinics = list(Clinic.objects.filter(pk__in=[int(pk) for pk in relative["clinics"]]))
    for clinic in clinics:
        entry = relative["clinics"][str(clinic.pk)]
        clinic.details_confirmed_at = now - datetime.timedelta(days=entry["details_confirmed_days_ago"])
        if clinic.verified:
            clinic.verified_at = today - datetime.timedelta(days=entry["verified_days_ago"])
    # bulk_update writes no history: re-dating the demo is not an edit of the listings.
    Clinic.objects.bulk_update(clinics, ["details_confirmed_at", "verified_at"])
    listings_changed()
    _baseline_history(clinics)
    return len(rows)


def _baseline_history(clinics: list[Clinic]) -> None:
    """A first history record for clinics that have none (loaddata writes none), so the first edit
    after loading shows site staff a before/after."""
    with_history = set(Clinic.history.filter(id__in=[c.pk for c in clinics]).values_list("id", flat=True))
    for clinic in clinics:
        if clinic.pk not in with_history:
            record_listing_change(clinic, created=True, reason="Demo data loaded")
