"""schema.org MedicalClinic structured data for a clinic page (rendered as JSON-LD)."""

from __future__ import annotations

from typing import Any

from directory.models import Clinic
from directory.opening_hours import WEEKDAY_NAMES

SCHEMA_DAYS = [f"https://schema.org/{day}" for day in WEEKDAY_NAMES]


def price_range(clinic: Clinic) -> str:
    if clinic.price_from and clinic.price_to and clinic.price_to != clinic.price_from:
        return f"${clinic.price_from:,}–${clinic.price_to:,}"
    if clinic.price_from or clinic.price_to:
        return f"${clinic.price_from or clinic.price_to:,}"
    return ""


def clinic_json_ld(clinic: Clinic, *, url: str) -> dict[str, Any]:
    """The MedicalClinic object (needs with_lookups()); empty values are left out."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MedicalClinic",
        "name": clinic.name,
        "url": url,
        "description": clinic.description,
        "telephone": clinic.phone,
        "email": clinic.email,
        "sameAs": clinic.website,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": clinic.street_address,
            "addressLocality": clinic.city.name,
            "addressRegion": clinic.city.state,
            "postalCode": clinic.zip_code,
            "addressCountry": "US",
        },
        "geo": {"@type": "GeoCoordinates", "latitude": clinic.latitude, "longitude": clinic.longitude},
        "isAcceptingNewPatients": clinic.accepting_new_patients,
        "priceRange": price_range(clinic),
        "availableService": [
            {"@type": "MedicalTherapy", "name": treatment.name} for treatment in clinic.treatments.all()
        ],
        "openingHoursSpecification": [
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": SCHEMA_DAYS[hours.weekday],
                "opens": f"{hours.opens:%H:%M}",
                "closes": f"{hours.closes:%H:%M}",
            }
            for hours in clinic.opening_hours.all()
            if 0 <= hours.weekday <= 6
        ],
        "knowsLanguage": [language.code for language in clinic.languages.all()],
        "paymentAccepted": ", ".join(option.name for option in clinic.payment_options.all()),
    }
    return {key: value for key, value in data.items() if value not in ("", [], None)}
