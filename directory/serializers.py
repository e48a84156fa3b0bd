"""Clinic → JSON dict, exactly the fields of CONTRACT.md. Shared by every API that lists clinics."""

from __future__ import annotations

from typing import Any

from directory.card_data import ClinicLookups
from directory.models import Clinic


def clinic_summary(
    clinic: Clinic,
    *,
    distance_miles: float | None = None,
    request=None,
    lookups: ClinicLookups | None = None,
    url: str | None = None,
) -> dict[str, Any]:
    """The clinic object of `GET /api/clinics/`.

    Lookups come from `lookups` (a search page's rows) or else the clinic (loaded with
    `Clinic.objects.with_lookups()`); `url` is the page's path if already known.
    """
    if lookups is None:
        lookups = ClinicLookups.of(clinic)
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
        "verified": clinic.verified,
        "accepts_referrals": clinic.accepts_referrals,
    }
