"""Clinic → JSON dict, exactly the fields of docs/API.md. Shared by every API that lists clinics."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from directory.availability import Opening, openings_json, page_openings
from directory.models import Clinic
from directory.search.cards import ClinicLookups
from directory.trust import confirmed_recently, verification_expires_on, verification_state


def clinic_summary(
    clinic: Clinic,
    *,
    distance_miles: float | None = None,
    request=None,
    lookups: ClinicLookups | None = None,
    url: str | None = None,
    openings: list[Opening] | None = None,
    now: datetime.datetime | None = None,
) -> dict[str, Any]:
    """The clinic object of `GET /api/clinics/`.

    Lookups come from `lookups` (a search page's rows) or else the clinic (loaded with
    `Clinic.objects.with_lookups()`); `url` is the page's path if already known; `openings`
    from `directory.availability.page_openings` (else one query). The responsiveness row is
    read from `clinic.responsiveness` (select_related it).
    """
    from referrals.responsiveness import responsiveness_json

    now = now or timezone.now()
    if lookups is None:
        lookups = ClinicLookups.of(clinic)
    if openings is None:
        openings = page_openings([clinic.pk], now=now)[clinic.pk]
    state = verification_state(verified=clinic.verified, verified_at=clinic.verified_at, today=timezone.localdate(now))
    url = url or clinic.get_absolute_url()
    if request is not None:
        url = request.build_absolute_uri(url)
    return {
        "slug": clinic.slug,
        "name": clinic.name,
        "url": url,
        "city": {"slug": clinic.city.slug, "name": clinic.city.name, "state": clinic.city.state},
        "address": clinic.street_address,
        "zip_code": clinic.zip_code,
        "latitude": clinic.latitude,
        "longitude": clinic.longitude,
        "distance_miles": round(distance_miles, 2) if distance_miles is not None else None,
        "phone": clinic.phone,
        "website": clinic.website,
        "treatments": [t.slug for t in lookups.treatments],
        "conditions": [c.slug for c in lookups.conditions],
        "payment_options": [p.slug for p in lookups.payment_options],
        "languages": [lang.code for lang in lookups.languages],
        "accepting_new_patients": clinic.accepting_new_patients,
        "telehealth": clinic.telehealth,
        "verified": state == "verified",
        "accepts_referrals": clinic.accepts_referrals,
        "verification": {
            "status": state,
            "verified_at": clinic.verified_at.isoformat() if clinic.verified_at and clinic.verified else None,
            "expires_on": (
                verification_expires_on(clinic.verified_at).isoformat()
                if clinic.verified_at and clinic.verified
                else None
            ),
        },
        "confirmed_recently": confirmed_recently(clinic.details_confirmed_at, now=now),
        "availability": openings_json(openings),
        "responsiveness": responsiveness_json(getattr(clinic, "responsiveness", None)),
    }
