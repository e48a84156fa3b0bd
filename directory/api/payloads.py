"""JSON bodies of the directory API beyond the shared clinic summary."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import get_language

from directory.geo import Point, great_circle_miles
from directory.listing_version import cached_answers
from directory.models import Clinic
from directory.opening_hours import hours_payload, is_open_at
from directory.search.results import SearchResults, page_rows
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
    """The `results` of GET /api/clinics/ (the view keeps the whole answer: directory.search.answers).

    Each clinic's summary is also kept for the minute, for this host and language, without its
    distance: a search that shows a clinic another search showed in the minute reads no row of
    it, and works out the distance from the summary's own coordinates, as page_rows would.
    """
    base, language = request.build_absolute_uri("/"), get_language() or ""
    key_of = {pk: f"directory:api-clinic:{pk}:{language}:{results.minute}:{base}" for pk in results.keys}
    pk_of = {key: pk for pk, key in key_of.items()}

    def summarize(missing: list[str]) -> dict[str, dict[str, Any]]:
        rows = page_rows([pk_of[key] for key in missing], place=None, moment=results.moment, with_hours=False)
        return {
            key_of[row.clinic.pk]: clinic_summary(
                row.clinic, request=request, lookups=row.lookups, url=row.url, openings=row.openings, now=results.moment
            )
            for row in rows
        }

    found = cached_answers(list(pk_of), summarize)
    summaries = [dict(found[key]) for key in key_of.values() if key in found]  # a clinic hidden since: left out
    if results.place is not None:
        origin = results.place.point
        measured = [(great_circle_miles(origin, Point(s["latitude"], s["longitude"])), s) for s in summaries]
        if results.sort == "distance":  # as SearchResults.rows: by the distance shown, not SQL's approximation
            measured.sort(key=lambda pair: pair[0])
        for miles, summary in measured:
            summary["distance_miles"] = round(miles, 2)
        summaries = [summary for _miles, summary in measured]
    return summaries
