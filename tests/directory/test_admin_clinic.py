"""The clinic admin: what clinic staff edit and how it is checked; moderation by site staff; history."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from directory.models import Clinic, Language, ProblemReport, Treatment
from directory.placement import needs_geocoding
from tests.directory.admin_world import FAST_HASHERS, build_world, change_form_data, client_for
from tests.factories import CityFactory, ClinicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture
def world():
    return build_world()


def edit(client, clinic, **overrides):
    url = f"/admin/directory/clinic/{clinic.pk}/change/"
    return client.post(url, change_form_data(client.get(url), **overrides))


def form_errors(response) -> dict:
    return response.context["adminform"].form.errors if response.status_code == 200 else {}


@pytest.mark.parametrize(
    ("has_coordinates", "zip_changed", "coordinates_edited", "expected"),
    [
        (False, False, False, True),
        (True, False, False, False),
        (True, True, False, True),
        (True, True, True, False),
    ],
)
def test_when_a_clinic_is_placed_at_its_zip(has_coordinates, zip_changed, coordinates_edited, expected):
    assert (
        needs_geocoding(has_coordinates=has_coordinates, zip_changed=zip_changed, coordinates_edited=coordinates_edited)
        is expected
    )


def test_clinic_staff_edit_their_listing(world):
    client = client_for(world.staff_a)
    response = edit(
        client,
        world.clinic_a,
        description="IV ketamine with a nurse at your side.",
        phone="(404) 555-0142",
        treatments=[
            str(pk)
            for pk in Treatment.objects.filter(slug__in=["iv-infusion", "im-injection"]).values_list("pk", flat=True)
        ],
        price_from="400",
        price_to="650",
        accepting_new_patients=None,
        accepts_referrals="on",
        referral_email="referrals@example.org",
    )
    assert response.status_code == 302, form_errors(response)
    clinic = Clinic.objects.get(pk=world.clinic_a.pk)
    assert clinic.description.startswith("IV ketamine")
    assert (clinic.phone, clinic.price_from, clinic.price_to) == ("(404) 555-0142", 400, 650)
    assert not clinic.accepting_new_patients
    assert clinic.accepts_referrals and clinic.referral_email == "referrals@example.org"
    assert clinic.treatments.count() == 2


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"zip_code": "00000"}, "zip_code"),
        ({"zip_code": "3030"}, "zip_code"),
        ({"price_from": "500", "price_to": "300"}, "price_to"),
        ({"accepts_referrals": "on", "referral_email": ""}, "referral_email"),
        ({"latitude": "33.7", "longitude": ""}, "longitude"),
        ({"latitude": "123", "longitude": "-84.3"}, "latitude"),
        ({"website": "not a url"}, "website"),
    ],
)
def test_bad_input_is_a_field_error_and_saves_nothing(world, overrides, field):
    response = edit(client_for(world.staff_a), world.clinic_a, **overrides)
    assert response.status_code == 200
    assert field in form_errors(response)
    assert Clinic.objects.get(pk=world.clinic_a.pk).zip_code == "30303"


def test_hours_must_close_after_they_open(world):
    response = edit(
        client_for(world.staff_a),
        world.clinic_a,
        **{"opening_hours-0-opens": "17:00", "opening_hours-0-closes": "09:00"},
    )
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert "closes" in formset.forms[0].errors


def test_new_zip_without_new_coordinates_moves_the_clinic_and_its_time_zone(world):
    response = edit(client_for(world.staff_a), world.clinic_a, zip_code="90026")
    assert response.status_code == 302, form_errors(response)
    clinic = Clinic.objects.get(pk=world.clinic_a.pk)
    assert clinic.timezone == "America/Los_Angeles"
    assert abs(clinic.latitude - 34.08) < 0.05 and abs(clinic.longitude + 118.26) < 0.05


def test_empty_coordinates_are_filled_from_the_zip(world):
    response = edit(client_for(world.staff_a), world.clinic_a, latitude="", longitude="")
    assert response.status_code == 302, form_errors(response)
    clinic = Clinic.objects.get(pk=world.clinic_a.pk)
    assert abs(clinic.latitude - 33.75) < 0.05 and abs(clinic.longitude + 84.39) < 0.05


def test_coordinates_given_with_a_new_zip_are_kept(world):
    response = edit(client_for(world.staff_a), world.clinic_a, zip_code="30309", latitude="33.79", longitude="-84.38")
    assert response.status_code == 302, form_errors(response)
    clinic = Clinic.objects.get(pk=world.clinic_a.pk)
    assert (clinic.latitude, clinic.longitude, clinic.zip_code) == (33.79, -84.38, "30309")


def test_every_editable_field_has_help_text():
    for field in Clinic._meta.get_fields():
        if (
            getattr(field, "editable", False)
            and not field.auto_created
            and field.name not in ("created_at", "updated_at")
        ):
            assert field.help_text, field.name


# Moderation --------------------------------------------------------------------------------


def act(client, action, *clinics):
    return client.post("/admin/directory/clinic/", {"action": action, "_selected_action": [c.pk for c in clinics]})


def test_verify_stamps_today_and_records_who(world):
    client = client_for(world.site_staff)
    assert act(client, "verify_clinics", world.clinic_a, world.clinic_b).status_code == 302
    for clinic in Clinic.objects.all():
        assert (clinic.verified, clinic.verified_at) == (True, timezone.localdate())
        latest = clinic.history.latest()
        assert (latest.history_user, latest.history_change_reason) == (world.site_staff, "Verified")


def test_publish_and_unpublish(world):
    client = client_for(world.site_staff)
    act(client, "unpublish_clinics", world.clinic_b)
    assert not Clinic.objects.get(pk=world.clinic_b.pk).published
    act(client, "publish_clinics", world.clinic_b)
    assert Clinic.objects.get(pk=world.clinic_b.pk).published


def changelist(client, **params):
    response = client.get("/admin/directory/clinic/", params)
    assert response.status_code == 200
    return {clinic.slug for clinic in response.context["cl"].result_list}


def test_filters(world):
    client = client_for(world.site_staff)
    Clinic.objects.filter(pk=world.clinic_a.pk).update(verified=True, verified_at=datetime.date(2026, 1, 1))
    Clinic.objects.filter(pk=world.clinic_b.pk).update(verified=True, verified_at=timezone.localdate())
    world.report_b.status = "resolved"
    world.report_b.save()
    assert changelist(client, state="CA") == {"beta-la"}
    assert changelist(client, city="atlanta-ga") == {"alpha-atlanta"}
    assert changelist(client, changed_since_verified="yes") == {"alpha-atlanta"}
    assert changelist(client, changed_since_verified="no") == {"beta-la"}
    assert changelist(client, open_reports="yes") == {"alpha-atlanta"}
    assert changelist(client, open_reports="no") == {"beta-la"}
    assert changelist(client, verified__exact="1") == {"alpha-atlanta", "beta-la"}
    assert changelist(client, published__exact="0") == set()


@pytest.mark.parametrize(
    ("query", "expected"), [("Beta", {"beta-la"}), ("Los Angeles", {"beta-la"}), ("30303", {"alpha-atlanta"})]
)
def test_search_by_name_city_and_zip(world, query, expected):
    assert changelist(client_for(world.site_staff), q=query) == expected


def test_changelist_queries_do_not_grow_with_the_clinics_shown(world):
    client = client_for(world.site_staff)
    client.get("/admin/directory/clinic/")  # warm the session and content-type caches
    with CaptureQueriesContext(connection) as few:
        client.get("/admin/directory/clinic/")
    for n in range(12):
        clinic = ClinicFactory(city=CityFactory(name=f"Town {n}", state="TX"))
        ProblemReport.objects.create(clinic=clinic, kind="other")
    with CaptureQueriesContext(connection) as many:
        response = client.get("/admin/directory/clinic/")
    assert len(response.context["cl"].result_list) == 14
    assert len(many) == len(few)


# History -----------------------------------------------------------------------------------------


def test_one_history_record_per_save_with_who_and_what(world):
    before = world.clinic_a.history.count()
    iv, spanish = Treatment.objects.get(slug="iv-infusion"), Language.objects.get(code="es")
    edit(
        client_for(world.staff_a),
        world.clinic_a,
        phone="(404) 555-0177",
        treatments=[str(iv.pk)],
        languages=[str(spanish.pk)],
    )
    records = world.clinic_a.history.all()
    assert records.count() == before + 1
    latest = records.first()
    assert latest.history_user == world.staff_a
    assert latest.phone == "(404) 555-0177"
    assert [t.treatment_id for t in latest.treatments.all()] == [iv.pk]
    changed = {change.field for change in latest.diff_against(latest.prev_record).changes}
    assert changed == {"phone", "treatments", "languages"}


def test_history_page_shows_changes_and_hours_changes(world):
    client = client_for(world.site_staff)
    edit(client, world.clinic_a, phone="(404) 555-0178", **{"opening_hours-0-closes": "18:00"})
    edit(client, world.clinic_a, phone="(404) 555-0179")
    response = client.get(f"/admin/directory/clinic/{world.clinic_a.pk}/history/")
    assert response.status_code == 200
    assert b"Opening hours changes" in response.content
    assert b"18:00" in response.content
    assert b"moderator" in response.content


def test_site_staff_add_a_clinic_placed_at_its_zip(world):
    client = client_for(world.site_staff)
    page = client.get("/admin/directory/clinic/add/")
    data = change_form_data(
        page,
        name="Gamma Ketamine",
        slug="gamma-ketamine",
        city=str(world.clinic_a.city_id),
        zip_code="30303",
        latitude="",
        longitude="",
    )
    data.update({"memberships-TOTAL_FORMS": "0", "opening_hours-TOTAL_FORMS": "0"})
    response = client.post("/admin/directory/clinic/add/", data)
    assert response.status_code == 302, form_errors(response)
    clinic = Clinic.objects.get(slug="gamma-ketamine")
    assert clinic.latitude and clinic.history.latest().history_type == "+"
