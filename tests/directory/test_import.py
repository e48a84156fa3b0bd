"""CSV import: create or update by slug; every bad row reported by line and reason; good rows kept."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from directory.importing import import_clinics_csv
from directory.models import City, Clinic
from tests.directory.admin_world import FAST_HASHERS, client_for, make_user
from tests.factories import CityFactory, ClinicFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "name,slug,city,state,zip_code,latitude,longitude,treatments,languages,accepting_new_patients,price_from,price_to"
)
MIXED = "\n".join(
    [
        HEADER,
        "Good One,good-one,Atlanta,GA,30303,33.75,-84.39,iv-infusion;im-injection,en;es,yes,300,500",  # line 2
        "Bad Coordinates,bad-coords,Atlanta,GA,30303,north,-84.39,,,,,",  # line 3
        "Bad Latitude,bad-lat,Atlanta,GA,30303,123,-84.39,,,,,",  # line 4
        "Unknown Slugs,unknown-slugs,Atlanta,GA,30303,,,iv-infusion;laser,xx,,,",  # line 5
        "Unknown Zip,unknown-zip,Atlanta,GA,00000,,,,,,,",  # line 6
        "Short Zip,short-zip,Atlanta,GA,3030,,,,,,,",  # line 7
        "Bad Boolean,bad-bool,Atlanta,GA,30303,,,,,maybe,,",  # line 8
        "Good Two,good-two,Decatur,GA,30030,,,,,no,,",  # line 9
        "Too Few,too-few,Atlanta",  # line 10
        "Good One Again,good-one,Atlanta,GA,30303,,,,,,,",  # line 11
        ",no-name,Atlanta,GA,30303,,,,,,,",  # line 12
        "Bad Prices,bad-prices,Atlanta,GA,30303,,,,,,500,300",  # line 13
        "Half Coordinates,half,Atlanta,GA,30303,33.7,,,,,,",  # line 14
        "",
        "Bad State,bad-state,Atlanta,Georgia,30303,,,,,,,",  # line 16
    ]
)


def run(text: str | bytes, *, dry_run=False):
    data = text.encode() if isinstance(text, str) else text
    return import_clinics_csv(file=io.BytesIO(data), dry_run=dry_run)


def test_mixed_file_saves_good_rows_and_reports_every_bad_one():
    report = run(MIXED)
    assert report.created == ["good-one", "good-two"]
    errors = {error.line: error.message for error in report.errors}
    assert sorted(errors) == [3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 16]
    assert "latitude: 'north' is not a number" in errors[3]
    assert "latitude: 123.0 is outside -90 to 90" in errors[4]
    assert "unknown treatment(s): laser" in errors[5] and "unknown language code(s): xx" in errors[5]
    assert "unknown ZIP code 00000" in errors[6]
    assert "zip_code must be 5 digits" in errors[7]
    assert "accepting_new_patients: 'maybe' is not true or false" in errors[8]
    assert "expected 12 values, found 3" in errors[10]
    assert "already appears on line 2" in errors[11]
    assert "name" in errors[12]
    assert "price_to must not be lower than price_from" in errors[13]
    assert "both latitude and longitude" in errors[14]
    assert "two-letter code" in errors[16]
    assert str(report.errors[0]).startswith("line 3: ")
    assert set(Clinic.objects.values_list("slug", flat=True)) == {"good-one", "good-two"}

    good = Clinic.objects.get(slug="good-one")
    assert sorted(good.treatments.values_list("slug", flat=True)) == ["im-injection", "iv-infusion"]
    assert sorted(good.languages.values_list("code", flat=True)) == ["en", "es"]
    assert (good.latitude, good.longitude, good.price_from, good.price_to) == (33.75, -84.39, 300, 500)
    assert good.history.latest().history_change_reason == "CSV import"
    assert good.history.count() == 1


def test_new_city_is_created_and_empty_coordinates_come_from_the_zip():
    run(MIXED)
    two = Clinic.objects.get(slug="good-two")
    assert two.city == City.objects.get(slug="decatur-ga")
    assert abs(two.latitude - 33.77) < 0.05 and two.timezone == "America/New_York"
    assert not two.accepting_new_patients


def test_dry_run_reports_the_same_and_saves_nothing():
    report = run(MIXED, dry_run=True)
    assert report.created == ["good-one", "good-two"] and len(report.errors) == 12
    assert "Dry run: nothing was saved." in report.summary()
    assert not Clinic.objects.exists()
    assert not City.objects.filter(slug="decatur-ga").exists()


def test_update_by_slug_changes_only_the_columns_given():
    clinic = ClinicFactory(slug="existing", name="Old Name", phone="(404) 555-0101", treatments=["iv-infusion"])
    report = run("name,slug,city,state,zip_code,treatments\nNew Name,existing,Atlanta,GA,30303,im-injection\n")
    assert report.updated == ["existing"] and not report.errors
    clinic.refresh_from_db()
    assert (clinic.name, clinic.phone) == ("New Name", "(404) 555-0101")
    assert list(clinic.treatments.values_list("slug", flat=True)) == ["im-injection"]


def test_a_new_zip_without_coordinates_moves_the_clinic():
    CityFactory(name="Los Angeles", state="CA", latitude=34.05, longitude=-118.24)
    clinic = ClinicFactory(slug="moving")
    run("name,slug,city,state,zip_code\nMoving,moving,Los Angeles,CA,90026\n")
    clinic.refresh_from_db()
    assert clinic.city.slug == "los-angeles-ca" and clinic.timezone == "America/Los_Angeles"
    assert abs(clinic.longitude + 118.26) < 0.05


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name,slug,city,state\nA,a,Atlanta,GA\n", "missing required column(s): zip_code"),
        (HEADER + ",colour\n", "unknown column(s): colour"),
        ("name,slug,city,state,zip_code,name\n", "repeated column(s): name"),
        ("", "the file is empty"),
        ("\n\n", "the file is empty"),
    ],
)
def test_wrong_columns_are_one_clear_error(text, expected):
    report = run(text)
    assert len(report.errors) == 1
    assert report.errors[0].line == 1 and expected in report.errors[0].message
    assert not Clinic.objects.exists()


def test_a_file_that_is_not_utf8_is_refused_with_its_line():
    data = "name,slug,city,state,zip_code\nGood,good,Atlanta,GA,30303\nCafé,cafe,Atlanta,GA,30303\n".encode("latin-1")
    report = run(data)
    assert [str(error) for error in report.errors] == [
        "line 3: the file is not UTF-8 text. Save it as 'CSV UTF-8' and try again."
    ]
    assert not Clinic.objects.exists()


def test_byte_order_mark_and_spaces_in_the_header_are_fine():
    report = run("\ufeffName , Slug,city,state,zip_code\nGood,good,Atlanta,GA,30303\n")
    assert report.created == ["good"] and report.ok


def test_export_columns_verified_are_accepted_and_ignored():
    report = run("name,slug,city,state,zip_code,verified,verified_at\nGood,good,Atlanta,GA,30303,true,2026-01-01\n")
    assert report.ok
    assert not Clinic.objects.get(slug="good").verified


# The command ----------------------------------------------------------------------------------


def test_command_reports_lines_and_exits_non_zero_on_bad_rows(tmp_path, capsys):
    path = tmp_path / "clinics.csv"
    path.write_text(MIXED, encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_clinics", str(path))
    assert exit_info.value.code == 1
    out, err = capsys.readouterr()
    assert "line 3: latitude: 'north' is not a number" in err
    assert "2 clinics were created" in out
    assert Clinic.objects.count() == 2


def test_command_dry_run_and_clean_file(tmp_path, capsys):
    path = tmp_path / "clinics.csv"
    path.write_text("name,slug,city,state,zip_code\nGood,good,Atlanta,GA,30303\n", encoding="utf-8")
    call_command("import_clinics", str(path), "--dry-run")
    assert "1 clinics would be created" in capsys.readouterr().out
    assert not Clinic.objects.exists()
    call_command("import_clinics", str(path))
    assert Clinic.objects.filter(slug="good").exists()


def test_command_missing_file_is_a_clear_error(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_clinics", str(tmp_path / "nope.csv"))


# The admin import page ---------------------------------------------------------------------------


@pytest.fixture
def site_client(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    return client_for(make_user("moderator", group="Site staff"))


def upload(client, content: bytes, *, dry_run: bool):
    data = {"file": SimpleUploadedFile("clinics.csv", content, content_type="text/csv")}
    if dry_run:
        data["dry_run"] = "on"
    return client.post("/admin/directory/clinic/import/", data)


def test_admin_import_dry_run_then_for_real(site_client):
    page = site_client.get("/admin/directory/clinic/import/")
    assert page.status_code == 200 and b"zip_code" in page.content
    response = upload(site_client, MIXED.encode(), dry_run=True)
    assert response.status_code == 200
    assert b"line 3: latitude" in response.content
    assert not Clinic.objects.exists()
    response = upload(site_client, MIXED.encode(), dry_run=False)
    assert response.context["report"].created == ["good-one", "good-two"]
    assert Clinic.objects.count() == 2


def test_admin_import_refuses_an_oversized_upload(site_client):
    response = upload(site_client, b"x" * (5 * 1024 * 1024 + 1), dry_run=False)
    assert response.status_code == 400
    assert b"larger than 5 MB" in response.content
    assert not Clinic.objects.exists()


def test_changelist_offers_import_to_site_staff(site_client):
    assert b"/admin/directory/clinic/import/" in site_client.get("/admin/directory/clinic/").content


def test_a_nul_character_is_a_bad_row_on_every_database():
    """PostgreSQL cannot store NUL in text: the row is refused with its column named, the others saved."""
    text = "\n".join([HEADER, "Nul Name,nul\x00slug,Atlanta,GA,30303,,,,,,,", "Fine,fine,Atlanta,GA,30303,,,,,,,"])
    report = run(text)
    assert [(e.line, str(e)) for e in report.errors] == [(2, "line 2: column 'slug' contains a NUL character.")]
    assert list(Clinic.objects.values_list("slug", flat=True)) == ["fine"]
