"""Clinics as a GeoJSON FeatureCollection (RFC 7946): points in longitude, latitude order."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from directory.models import Clinic
from directory.serializers import clinic_summary


def clinics_geojson(clinics: Iterable[Clinic], *, request=None) -> dict[str, Any]:
    features = []
    for clinic in clinics:
        properties = clinic_summary(clinic, request=request)
        for key in ("latitude", "longitude", "distance_miles"):
            properties.pop(key)
        properties["published"] = clinic.published
        features.append(
            {
                "type": "Feature",
                "id": clinic.slug,
                "geometry": {"type": "Point", "coordinates": [clinic.longitude, clinic.latitude]},
                "properties": properties,
            }
        )
    return {"type": "FeatureCollection", "features": features}
