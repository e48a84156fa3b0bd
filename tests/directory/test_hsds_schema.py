"""The HSDS export validated with jsonschema against the official Open Referral schemas.

Every 3.0 table's records against that table's HSDS 3.0 schema (openreferral/specification,
branch 3.0, schema/<table>.json); service_capacity and unit, which HSDS 3.0 lacks, against
HSDS 3.1's definitions. The schema files are not part of this repository (see
hsds_schema/README.md): point HSDS_SCHEMA_DIR at a copy, or place one in
tests/directory/hsds_schema/ (3.0/ and 3.1/). Without them these tests skip, unless
REQUIRE_HSDS_SCHEMA=1 makes that a failure (as CI should).
"""

from __future__ import annotations

import datetime
import json
import os
from pathlib import Path

import pytest
from django.utils import timezone

from directory.availability import record_availability
from directory.exporting import hsds_json_chunks
from directory.models import Clinic, OpeningHours, Treatment, TreatmentAvailability
from tests.factories import ClinicFactory

jsonschema = pytest.importorskip("jsonschema")
referencing = pytest.importorskip("referencing")

SCHEMA_DIR = Path(os.environ.get("HSDS_SCHEMA_DIR") or Path(__file__).parent / "hsds_schema")
HSDS_31_TABLES = {"service_capacity", "unit"}

pytestmark = pytest.mark.django_db


def _schemas(version: str) -> dict[str, dict]:
    folder = SCHEMA_DIR / version
    if not folder.is_dir():
        if os.environ.get("REQUIRE_HSDS_SCHEMA") == "1":
            pytest.fail(f"HSDS {version} schemas not found in {folder}")
        pytest.skip(f"HSDS {version} schemas not found in {folder} (set HSDS_SCHEMA_DIR)")
    return {path.name: json.loads(path.read_text()) for path in folder.glob("*.json")}


def validator_for(table: str):
    version = "3.1" if table in HSDS_31_TABLES else "3.0"
    schemas = _schemas(version)
    base = f"https://hsds.example/{version}/"
    registry = referencing.Registry().with_resources(
        (
            base + name,
            referencing.Resource.from_contents(schema, default_specification=referencing.jsonschema.DRAFT202012),
        )
        for name, schema in schemas.items()
    )
    schema = {"$id": base + f"{table}.json", **schemas[f"{table}.json"]}
    registry = registry.with_resource(
        base + f"{table}.json",
        referencing.Resource.from_contents(schema, default_specification=referencing.jsonschema.DRAFT202012),
    )
    return jsonschema.Draft202012Validator(
        schema, registry=registry, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


@pytest.fixture
def exported():
    now = timezone.now()
    verified = ClinicFactory(
        name="Schema Clinic",
        slug="schema-clinic",
        email="hello@schema.example.org",
        website="https://schema.example.org",
        description="IV ketamine.",
        price_from=300,
        price_to=500,
        verified=True,
        verified_at=timezone.localdate(now) - datetime.timedelta(days=10),
        treatments=["iv-infusion", "esketamine-nasal-spray", "im-injection"],
        languages=["en", "es"],
    )
    OpeningHours.objects.create(clinic=verified, weekday=1, opens=datetime.time(9), closes=datetime.time(17))
    iv, esk, im = (Treatment.objects.get(slug=s) for s in ("iv-infusion", "esketamine-nasal-spray", "im-injection"))
    record_availability(
        TreatmentAvailability(clinic=verified, treatment=iv, status="open", next_opening=now.date()), by=None, now=now
    )
    record_availability(
        TreatmentAvailability(clinic=verified, treatment=esk, status="waitlist", waitlist_weeks=3), by=None, now=now
    )
    record_availability(  # stale: not exported
        TreatmentAvailability(clinic=verified, treatment=im, status="closed"),
        by=None,
        now=now - datetime.timedelta(days=20),
    )
    ClinicFactory(name="Bare", slug="bare", street_address="", phone="")
    text = "".join(hsds_json_chunks(Clinic.objects.all(), base_url="https://clinics.example.org"))
    return json.loads(text)


def test_every_record_is_valid_against_the_official_schemas(exported):
    tables = [name for name, records in exported.items() if isinstance(records, list)]
    assert {"organization", "service", "location", "service_capacity", "unit"} <= set(tables)
    checked = 0
    for table in tables:
        validator = validator_for(table)
        for record in exported[table]:
            errors = sorted(validator.iter_errors(record), key=str)
            assert not errors, (table, record, [e.message for e in errors])
            checked += 1
    assert checked >= 10


def test_a_broken_record_is_caught(exported):
    # The validation above can fail: a capacity without its `updated` time, or a non-number, is refused.
    capacity = dict(exported["service_capacity"][0])
    del capacity["updated"]
    capacity["available"] = "many"
    assert len(list(validator_for("service_capacity").iter_errors(capacity))) == 2


def test_availability_is_service_capacity_and_verification_is_assured_date(exported):
    service = next(s for s in exported["service"] if s["name"] == "Ketamine therapy at Schema Clinic")
    assert service["assured_date"] == (timezone.localdate() - datetime.timedelta(days=10)).isoformat()
    capacities = {c["description"].split(":")[0]: c for c in exported["service_capacity"]}
    assert set(capacities) == {"IV infusion", "Esketamine nasal spray (SPRAVATO)"}  # the stale IM value is left out
    assert capacities["IV infusion"]["available"] == 1
    assert capacities["Esketamine nasal spray (SPRAVATO)"]["available"] == 0
    assert "about 3 week" in capacities["Esketamine nasal spray (SPRAVATO)"]["description"]
    assert all(c["service_id"] == service["id"] for c in capacities.values())
    assert [u["id"] for u in exported["unit"]] == [capacities["IV infusion"]["unit_id"]]


def test_an_expired_verification_has_no_assured_date(exported):
    Clinic.objects.filter(slug="schema-clinic").update(verified_at=timezone.localdate() - datetime.timedelta(days=400))
    text = "".join(hsds_json_chunks(Clinic.objects.all(), base_url="https://clinics.example.org"))
    assert all("assured_date" not in s for s in json.loads(text)["service"])
