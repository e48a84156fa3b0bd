"""A clinic's HSDS records (from the export) nested into the API's items: list level and full.

The export's HSDS_TABLES build each record, so the API and the export can never disagree on
a field; this module only nests them the way the HSDS 3.0 OpenAPI's schemas do.
"""

from __future__ import annotations

from django.db.models import QuerySet

from directory.exporting import HSDS_TABLES
from directory.models import Clinic

from .taxonomy import attributes

PREFETCH = ("treatments", "conditions", "languages", "opening_hours")


def with_related(clinics: QuerySet[Clinic]) -> QuerySet[Clinic]:
    return clinics.select_related("city").prefetch_related(*PREFETCH)


def _records(clinic: Clinic, table: str, base_url: str) -> list[dict]:
    return HSDS_TABLES[table][0](clinic, base_url)


def _one(clinic: Clinic, table: str, base_url: str) -> dict:
    return _records(clinic, table, base_url)[0]


def location_item(clinic: Clinic, base_url: str) -> dict:
    location = _one(clinic, "location", base_url)
    location["addresses"] = _records(clinic, "address", base_url)
    location["phones"] = _records(clinic, "phone", base_url)
    return location


def organization_item(clinic: Clinic, base_url: str, *, full: bool = False, full_service: bool = False) -> dict:
    organization = _one(clinic, "organization", base_url)
    if full or full_service:
        organization["locations"] = [location_item(clinic, base_url)]
        service = service_item(clinic, base_url, full=full_service, with_organization=False)
        organization["services"] = [service]
    return organization


def service_item(clinic: Clinic, base_url: str, *, full: bool = False, with_organization: bool = True) -> dict:
    service = _one(clinic, "service", base_url)
    if with_organization:
        service["organization"] = _one(clinic, "organization", base_url)
    if full:
        service["phones"] = _records(clinic, "phone", base_url)
        service["languages"] = _records(clinic, "language", base_url)
        service["attributes"] = attributes(clinic, service["id"])
        service["service_at_locations"] = [service_at_location_item(clinic, base_url, full=True, with_service=False)]
    return service


def service_at_location_item(clinic: Clinic, base_url: str, *, full: bool = False, with_service: bool = True) -> dict:
    item = _one(clinic, "service_at_location", base_url)
    item["location"] = location_item(clinic, base_url)
    if with_service:
        item["service"] = _one(clinic, "service", base_url)
    if full:
        item["schedules"] = _records(clinic, "schedule", base_url)
        item["phones"] = _records(clinic, "phone", base_url)
    return item
