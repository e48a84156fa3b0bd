"""Clinic → JSON dict, exactly the fields of CONTRACT.md. Shared by every API that lists clinics."""

from __future__ import annotations

from typing import Any

from directory.models import Clinic


def clinic_summary(clinic: Clinic, *, distance_miles: float | None = None, request=None) -> dict[str, Any]:
    """The clinic object of `GET /api/clinics/` (needs `Clinic.objects.with_lookups()`)."""
    url = clinic.get_absolute_url()
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
        "treatments": [t.slug for t in clinic.treatments.all()],
        "conditions": [c.slug for c in clinic.conditions.all()],
        "payment_options": [p.slug for p in clinic.payment_options.all()],
        "languages": [lang.code for lang in clinic.languages.all()],
        "accepting_new_patients": clinic.accepting_new_patients,
        "telehealth": clinic.telehealth,
        "verified": clinic.verified,
        "accepts_referrals": clinic.accepts_referrals,
    }
