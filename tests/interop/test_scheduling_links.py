"""SMART Scheduling Links: the $bulk-publish manifest, its NDJSON files, every line a valid FHIR resource,
and each availability status published as the mapping table of interop.fhir.scheduling says."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.utils import timezone
from fhir.resources.R4B.capabilitystatement import CapabilityStatement
from fhir.resources.R4B.location import Location
from fhir.resources.R4B.operationoutcome import OperationOutcome
from fhir.resources.R4B.schedule import Schedule
from fhir.resources.R4B.slot import Slot

from directory.availability import record_availability
from directory.models import OpeningHours, Treatment, TreatmentAvailability
from interop.fhir.scheduling import BOOKING_LINK, BOOKING_PHONE, HAS_AVAILABILITY
from tests.factories import CityFactory, ClinicFactory
from tests.referrals.helpers import PATIENT_SECRETS

pytestmark = pytest.mark.django_db

MODELS = {"Location": Location, "Schedule": Schedule, "Slot": Slot}
INSTANT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


def available(clinic, slug, *, days_ago=1, **values):
    """Record `values` for the clinic's treatment `slug` as confirmed `days_ago` days ago."""
    row = TreatmentAvailability(clinic=clinic, treatment=Treatment.objects.get(slug=slug), **values)
    return record_availability(row, by=None, now=timezone.now() - datetime.timedelta(days=days_ago))


@pytest.fixture
def atlanta(db):
    clinic = ClinicFactory(
        name="Peachtree Imaginary Ketamine",
        slug="peachtree-imaginary",
        treatments=["iv-infusion", "esketamine-nasal-spray", "im-injection", "ketamine-assisted-psychotherapy"],
    )
    OpeningHours.objects.create(clinic=clinic, weekday=1, opens=datetime.time(9), closes=datetime.time(12))
    OpeningHours.objects.create(clinic=clinic, weekday=1, opens=datetime.time(13), closes=datetime.time(17, 30))
    return clinic


def next_weekday(weekday: int, *, after: datetime.date) -> datetime.date:
    return after + datetime.timedelta(days=(weekday - after.weekday()) % 7 or 7)


def ndjson(client, url, **headers) -> list[dict]:
    response = client.get(url, **headers)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/fhir+ndjson"
    assert response["Cache-Control"] == "public, max-age=300"
    text = response.content.decode()
    assert text == "" or text.endswith("\n")
    return [json.loads(line) for line in text.splitlines()]


def published(client) -> dict[str, list[dict]]:
    """Every file of the manifest, each line parsed with its fhir.resources model, by kind."""
    manifest = client.get("/fhir/$bulk-publish").json()
    found: dict[str, list[dict]] = {kind: [] for kind in MODELS}
    for output in manifest["output"]:
        for line in ndjson(client, output["url"]):
            assert line["resourceType"] == output["type"]
            MODELS[output["type"]].model_validate(line)
            found[output["type"]].append(line)
    return found


def by_id(resources: list[dict]) -> dict[str, dict]:
    return {resource["id"]: resource for resource in resources}


def extension(resource: dict, url: str):
    values = [e for e in resource.get("extension", []) if e["url"] == url]
    return next(iter(values[0][k] for k in values[0] if k.startswith("value"))) if values else None


# --- The manifest ---------------------------------------------------------------------------


def test_the_manifest_lists_three_files_per_state_with_published_clinics(client, atlanta):
    ClinicFactory(name="Phoenix Pretend", city=CityFactory(name="Phoenix", state="AZ", timezone="America/Phoenix"))
    ClinicFactory(name="Hidden", city=CityFactory(name="Boston", state="MA"), published=False)
    response = client.get("/fhir/$bulk-publish?_since=2026-01-01T00:00:00Z")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "public, max-age=300"
    manifest = response.json()
    assert INSTANT.match(manifest["transactionTime"])
    assert manifest["request"] == "http://testserver/fhir/$bulk-publish?_since=2026-01-01T00:00:00Z"
    assert manifest["error"] == []
    assert [(o["type"], o["extension"]["state"]) for o in manifest["output"]] == [
        ("Location", ["AZ"]),
        ("Schedule", ["AZ"]),
        ("Slot", ["AZ"]),
        ("Location", ["GA"]),
        ("Schedule", ["GA"]),
        ("Slot", ["GA"]),
    ]
    assert manifest["output"][5]["url"] == "http://testserver/fhir/bulk/GA/Slot.ndjson"


def test_the_same_payloads_whatever_the_accept_header(client, atlanta):
    available(atlanta, "iv-infusion", status="open", next_opening=timezone.localdate() + datetime.timedelta(days=3))
    for accept in (None, "application/json", "application/fhir+json"):
        headers = {"HTTP_ACCEPT": accept} if accept else {}
        assert client.get("/fhir/$bulk-publish", **headers).json()["output"][0]["type"] == "Location"
    plain = client.get("/fhir/bulk/GA/Slot.ndjson").content
    assert plain and client.get("/fhir/bulk/GA/Slot.ndjson", HTTP_ACCEPT="application/fhir+ndjson").content == plain


def test_the_capability_statement_names_the_operation(client):
    capability = CapabilityStatement.model_validate_json(client.get("/fhir/metadata").content)
    [operation] = capability.rest[0].operation
    assert operation.name == "bulk-publish" and "$bulk-publish" in operation.documentation


@pytest.mark.parametrize(
    "url", ["/fhir/bulk/ga/Slot.ndjson", "/fhir/bulk/GA/Patient.ndjson", "/fhir/bulk/GEO/Slot.ndjson"]
)
def test_an_unknown_file_is_a_404_operation_outcome(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert OperationOutcome.model_validate_json(response.content).issue[0].code == "not-found"


def test_only_reads(client):
    assert client.post("/fhir/$bulk-publish").status_code == 405
    assert client.post("/fhir/bulk/GA/Slot.ndjson").status_code == 405


# --- The files ------------------------------------------------------------------------------


def test_every_line_validates_and_every_reference_resolves(client, atlanta):
    today = timezone.localdate()
    available(atlanta, "iv-infusion", status="open", next_opening=today + datetime.timedelta(days=4))
    available(atlanta, "esketamine-nasal-spray", status="waitlist", waitlist_weeks=3)
    available(atlanta, "im-injection", status="closed")
    other = ClinicFactory(name="Decatur Pretend", website="", email="", treatments=["iv-infusion"])
    available(other, "iv-infusion", status="open", next_opening=today + datetime.timedelta(days=9))
    found = published(client)
    locations, schedules = by_id(found["Location"]), by_id(found["Schedule"])
    assert set(locations) == {str(atlanta.pk), str(other.pk)}
    assert len(schedules) == 5  # one per clinic and treatment offered
    for schedule in schedules.values():
        assert schedule["actor"][0]["reference"].removeprefix("Location/") in locations
    assert len(found["Slot"]) == 3
    for slot in found["Slot"]:
        assert slot["schedule"]["reference"].removeprefix("Schedule/") in schedules
        assert INSTANT.match(slot["start"]) and INSTANT.match(slot["end"])
    # The spec wants a URL among a Location's contact points: the clinic's page when it has no website.
    telecom = {point["system"]: point["value"] for point in locations[str(other.pk)]["telecom"]}
    assert telecom == {"phone": "(404) 555-0100", "url": f"http://127.0.0.1:8000/clinics/{other.slug}/"}


def test_each_status_as_the_mapping_table_says(client, atlanta, settings):
    opening_day = next_weekday(1, after=timezone.localdate())  # a Tuesday: 09:00-12:00 and 13:00-17:30
    available(atlanta, "iv-infusion", status="open", next_opening=opening_day)
    waitlist = available(atlanta, "esketamine-nasal-spray", status="waitlist", waitlist_weeks=3)
    available(atlanta, "im-injection", status="closed")
    available(atlanta, "ketamine-assisted-psychotherapy", status="open", next_opening=opening_day, days_ago=15)
    found = published(client)
    schedules = {s["serviceType"][0]["coding"][0]["code"]: s for s in found["Schedule"]}
    assert {code: extension(s, HAS_AVAILABILITY) for code, s in schedules.items()} == {
        "iv-infusion": "some",
        "esketamine-nasal-spray": "some",
        "im-injection": "none",
        "ketamine-assisted-psychotherapy": "unknown",  # stale: confirmed 15 days ago
    }
    slots = {slot["serviceType"][0]["coding"][0]["code"]: slot for slot in found["Slot"]}
    assert set(slots) == {"iv-infusion", "esketamine-nasal-spray"}  # nothing current when closed or stale

    free = slots["iv-infusion"]
    start, end = (datetime.datetime.fromisoformat(free[k]) for k in ("start", "end"))
    assert free["status"] == "free"
    assert (start.date(), start.time(), end.time()) == (opening_day, datetime.time(9), datetime.time(17, 30))
    assert free["schedule"]["reference"] == f"Schedule/{schedules['iv-infusion']['id']}"
    assert extension(free, BOOKING_LINK) == f"{settings.SITE_URL}/clinics/peachtree-imaginary/"
    assert extension(free, BOOKING_PHONE) == "(404) 555-0100"

    busy = slots["esketamine-nasal-spray"]
    start, end = (datetime.datetime.fromisoformat(busy[k]) for k in ("start", "end"))
    assert busy["status"] == "busy-unavailable" and extension(busy, BOOKING_LINK) is None
    assert start == waitlist.confirmed_at.replace(microsecond=0)
    assert (end.date(), end.time()) == (waitlist.expected_opening, datetime.time(0))
    sync = busy["meta"]["extension"][0]
    assert sync["url"] == "http://hl7.org/fhir/StructureDefinition/lastSourceSync"
    assert datetime.datetime.fromisoformat(sync["valueDateTime"]) == waitlist.confirmed_at.replace(microsecond=0)


def test_a_slot_carries_the_offset_of_its_own_date(client):
    """A December file must not give a July opening in Atlanta the winter offset."""
    clinic = ClinicFactory(treatments=["iv-infusion"])
    year = timezone.localdate().year + 1
    july, january = datetime.date(year, 7, 7), datetime.date(year, 1, 7)
    available(clinic, "iv-infusion", status="open", next_opening=july)
    [summer] = published(client)["Slot"]
    assert summer["start"] == f"{july.isoformat()}T00:00:00-04:00"  # no hours given: the whole local day
    assert summer["end"] == f"{(july + datetime.timedelta(days=1)).isoformat()}T00:00:00-04:00"
    TreatmentAvailability.objects.filter(clinic=clinic).update(next_opening=january)
    [winter] = published(client)["Slot"]
    assert winter["start"] == f"{january.isoformat()}T00:00:00-05:00"


def test_unpublished_clinics_and_treatments_no_longer_offered_are_left_out(client, atlanta):
    hidden = ClinicFactory(name="Hidden Pretend", published=False, treatments=["iv-infusion"])
    available(hidden, "iv-infusion", status="open", next_opening=timezone.localdate())
    available(atlanta, "iv-infusion", status="open", next_opening=timezone.localdate())
    atlanta.treatments.remove(Treatment.objects.get(slug="iv-infusion"))
    found = published(client)
    assert [loc["id"] for loc in found["Location"]] == [str(atlanta.pk)]
    assert "iv-infusion" not in {s["serviceType"][0]["coding"][0]["code"] for s in found["Schedule"]}
    assert found["Slot"] == []


def test_no_patient_data_in_any_file(client, make_referral, referral_clinic):
    make_referral()
    available(referral_clinic, "iv-infusion", status="open", next_opening=timezone.localdate())
    manifest = client.get("/fhir/$bulk-publish").json()
    text = "".join(client.get(output["url"]).content.decode() for output in manifest["output"])
    assert '"Slot"' in text
    for secret in PATIENT_SECRETS:
        assert secret not in text


@pytest.mark.parametrize("kind", ["Location", "Schedule", "Slot"])
def test_a_file_costs_the_same_queries_however_many_clinics(client, atlanta, kind, django_assert_num_queries):
    available(atlanta, "iv-infusion", status="open", next_opening=timezone.localdate())
    url = f"/fhir/bulk/GA/{kind}.ndjson"
    with django_assert_num_queries(4):
        assert len(client.get(url).content.splitlines()) >= 1
    for n in range(5):
        clinic = ClinicFactory(name=f"More Pretend {n}", treatments=["iv-infusion", "im-injection"])
        OpeningHours.objects.create(clinic=clinic, weekday=2, opens=datetime.time(8), closes=datetime.time(16))
        available(clinic, "iv-infusion", status="open", next_opening=timezone.localdate())
        available(clinic, "im-injection", status="waitlist", waitlist_weeks=2)
    with django_assert_num_queries(4):
        assert len(client.get(url).content.splitlines()) >= 6


def test_a_large_state_is_read_in_chunks_and_nothing_is_lost(client, monkeypatch):
    from interop.fhir import bulk_publish

    monkeypatch.setattr(bulk_publish, "CHUNK", 2)
    clinics = [ClinicFactory(name=f"Chunked Pretend {n}", treatments=["iv-infusion"]) for n in range(5)]
    for clinic in clinics:
        available(clinic, "iv-infusion", status="waitlist", waitlist_weeks=2)
    slots = ndjson(client, "/fhir/bulk/GA/Slot.ndjson")
    assert [slot["id"] for slot in slots] == [f"{c.pk}-{c.treatments.get().pk}-waitlist" for c in clinics]


def test_an_opening_already_past_publishes_no_slot(client, atlanta):
    """Staff confirmed an opening last week that has now gone by: no scheduler may offer it."""
    available(atlanta, "iv-infusion", status="open", next_opening=timezone.localdate() + datetime.timedelta(days=3))
    assert len(published(client)["Slot"]) == 1
    past = timezone.localdate() - datetime.timedelta(days=2)
    TreatmentAvailability.objects.filter(clinic=atlanta).update(next_opening=past)
    found = published(client)
    assert found["Slot"] == []
    assert len(found["Schedule"]) == 4  # the schedule stays; only the slot goes
