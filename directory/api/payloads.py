"""JSON bodies of the directory API beyond the shared clinic summary."""

from __future__ import annotations

import datetime
from typing import Any

from directory.models import Clinic
from directory.opening_hours import hours_payload, is_open_at
from directory.search.results import SearchResults
from directory.serializers import clinic_summary


def medical_director_text(clinic: Clinic) -> str:
    """'Dr. Ana Ruiz, MD, anesthesiology': the name with its credential, or empty."""
    return ", ".join(part for part in (clinic.medical_director, clinic.medical_director_credential) if part)


def clinic_detail(clinic: Clinic, *, now: datetime.datetime, request=None) -> dict[str, Any]:
    """GET /api/clinics/<slug>/: the summary plus what the clinic page shows (needs with_lookups())."""
    hours = list(clinic.opening_hours.all())
    return {
        **clinic_summary(clinic, request=request, now=now),
        "description": clinic.description,
        "opening_hours": hours_payload(hours),
        "timezone": clinic.timezone,
        "open_now": is_open_at(intervals=hours, timezone=clinic.timezone, moment=now),
        "medical_director": medical_director_text(clinic),
        "email": clinic.email,
        "price_from": clinic.price_from,
        "price_to": clinic.price_to,
        "rems_certified": clinic.rems_certified,
        "verified_at": clinic.verified_at.isoformat() if clinic.verified_at else None,
    }


def page_summaries(results: SearchResults, *, request) -> list[dict[str, Any]]:
    """The `results` of GET /api/clinics/ (the view keeps the whole answer: directory.search.answers)."""
    return [
        clinic_summary(
            row.clinic,
            distance_miles=row.distance_miles,
            request=request,
            lookups=row.lookups,
            url=row.url,
            openings=row.openings,
            now=results.moment,
        )
        for row in results.rows
    ]
