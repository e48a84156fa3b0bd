"""Clinic A's staff versus clinic B's data, admin URL by admin URL; site staff may do everything.

Refused means: a redirect to the admin index ("doesn't exist"), 403 or 404,
and clinic B's rows unchanged. Every URL of every admin class that touches
clinic data is listed here.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from directory.models import Clinic, OpeningHours, ProblemReport, TreatmentAvailability
from directory.tenancy import clinics_for_user, is_site_staff, may_manage, scope_to_user
from tests.directory.admin_world import FAST_HASHERS, build_world, change_form_data, client_for, make_user

pytestmark = pytest.mark.django_db
REFUSED = {302, 403, 404}


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture
def world():
    return build_world()


def refused(response) -> bool:
    if response.status_code == 302:
        return response.url.rstrip("/").endswith("/admin") or "login" in response.url
    return response.status_code in REFUSED


# Plain rules ---------------------------------------------------------------------------


def test_site_staff_are_superusers_or_members_of_the_group(world):
    assert is_site_staff(world.site_staff)
    assert not is_site_staff(world.staff_a)
    assert is_site_staff(get_user_model().objects.create(username="root", is_superuser=True))
    assert not is_site_staff(AnonymousUser())
    world.site_staff.is_active = False
    assert not is_site_staff(world.site_staff)


def test_clinics_for_user_are_the_memberships_only(world):
    assert list(clinics_for_user(world.staff_a)) == [world.clinic_a]
    assert set(clinics_for_user(world.site_staff)) == {world.clinic_a, world.clinic_b}
    assert not clinics_for_user(AnonymousUser()).exists()
    assert not clinics_for_user(make_user("nobody", group=None)).exists()


def test_scope_and_may_manage_follow_the_clinic_of_a_row(world):
    assert list(scope_to_user(OpeningHours.objects.all(), world.staff_a, "clinic")) == [world.hours_a]
    assert may_manage(world.staff_a, world.report_a, "clinic")
    assert not may_manage(world.staff_a, world.report_b, "clinic")
    assert not may_manage(world.staff_a, world.clinic_b, "")
    assert may_manage(world.site_staff, world.clinic_b, "")


def test_a_user_of_two_clinics_sees_both_once(world):
    both = make_user("both", group="Clinic staff", clinics=[world.clinic_a, world.clinic_b])
    response = client_for(both).get("/admin/directory/clinic/")
    assert [c.pk for c in response.context["cl"].result_list] == [world.clinic_a.pk, world.clinic_b.pk]


# Clinic admin --------------------------------------------------------------------------


def test_changelist_lists_only_own_clinic(world):
    response = client_for(world.staff_a).get("/admin/directory/clinic/")
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [world.clinic_a]
    assert b"Beta Ketamine LA" not in response.content


def test_changelist_search_and_filters_do_not_widen_the_scope(world):
    client = client_for(world.staff_a)
    for query in ["?q=Beta", "?q=90026", f"?city__id__exact={world.clinic_b.city_id}", "?_to_field=id&_popup=1"]:
        response = client.get("/admin/directory/clinic/" + query)
        assert b"Beta Ketamine LA" not in response.content, query


def test_change_page_of_other_clinic_is_refused(world):
    client = client_for(world.staff_a)
    assert client.get(f"/admin/directory/clinic/{world.clinic_a.pk}/change/").status_code == 200
    assert refused(client.get(f"/admin/directory/clinic/{world.clinic_b.pk}/change/"))


def test_post_change_to_other_clinic_is_refused_and_changes_nothing(world):
    site_client = client_for(world.site_staff)
    page = site_client.get(f"/admin/directory/clinic/{world.clinic_b.pk}/change/")
    data = change_form_data(page, name="Hijacked", phone="(213) 555-0199")
    response = client_for(world.staff_a).post(f"/admin/directory/clinic/{world.clinic_b.pk}/change/", data)
    assert refused(response)
    world.clinic_b.refresh_from_db()
    assert (world.clinic_b.name, world.clinic_b.phone) == ("Beta Ketamine LA", "(404) 555-0100")


def test_delete_and_add_are_refused_to_clinic_staff(world):
    client = client_for(world.staff_a)
    for clinic in (world.clinic_a, world.clinic_b):
        assert refused(client.get(f"/admin/directory/clinic/{clinic.pk}/delete/"))
        assert refused(client.post(f"/admin/directory/clinic/{clinic.pk}/delete/", {"post": "yes"}))
    assert client.get("/admin/directory/clinic/add/").status_code == 403
    assert Clinic.objects.count() == 2


def test_bulk_delete_action_is_not_offered_or_honoured(world):
    client = client_for(world.staff_a)
    response = client.get("/admin/directory/clinic/")
    assert "delete_selected" not in response.context["cl"].model_admin.get_actions(response.wsgi_request)
    client.post(
        "/admin/directory/clinic/",
        {"action": "delete_selected", "_selected_action": [world.clinic_a.pk, world.clinic_b.pk], "post": "yes"},
    )
    assert Clinic.objects.count() == 2


def test_moderation_actions_are_not_available_to_clinic_staff(world):
    client = client_for(world.staff_a)
    response = client.post(
        "/admin/directory/clinic/", {"action": "verify_clinics", "_selected_action": [world.clinic_a.pk]}
    )
    assert response.status_code in (200, 302)
    world.clinic_a.refresh_from_db()
    assert not world.clinic_a.verified


def test_clinic_staff_cannot_set_verified_or_published(world):
    client = client_for(world.staff_a)
    url = f"/admin/directory/clinic/{world.clinic_a.pk}/change/"
    page = client.get(url)
    assert "verified" not in page.context["adminform"].form.fields
    assert "published" not in page.context["adminform"].form.fields
    data = change_form_data(page, verified="on", verified_at="2026-01-01", published=None, description="Updated.")
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    world.clinic_a.refresh_from_db()
    assert world.clinic_a.description == "Updated."
    assert (world.clinic_a.verified, world.clinic_a.verified_at, world.clinic_a.published) == (False, None, True)


# Opening hours inline ------------------------------------------------------------------


def test_inline_rows_are_only_the_clinics_own(world):
    page = client_for(world.staff_a).get(f"/admin/directory/clinic/{world.clinic_a.pk}/change/")
    inlines = page.context["inline_admin_formsets"]
    # Hours and new-patient availability (issue 16); no membership inline.
    assert [inline.opts.model for inline in inlines] == [OpeningHours, TreatmentAvailability]
    formsets = [inline.formset for inline in inlines]
    assert [form.instance.pk for form in formsets[0].initial_forms] == [world.hours_a.pk]


@pytest.mark.parametrize("delete", [False, True])
def test_inline_post_cannot_edit_or_delete_other_clinics_hours(world, delete):
    client = client_for(world.staff_a)
    url = f"/admin/directory/clinic/{world.clinic_a.pk}/change/"
    # Point the one inline row at clinic B's hours, and ask to change (or delete) it.
    overrides = {"opening_hours-0-id": str(world.hours_b.pk), "opening_hours-0-opens": "06:00"}
    if delete:
        overrides["opening_hours-0-DELETE"] = "on"
    client.post(url, change_form_data(client.get(url), **overrides))
    # Django looks the row up among this clinic's hours only: not found, it is ignored.
    assert OpeningHours.objects.count() == 2
    world.hours_b.refresh_from_db()  # still there, unchanged
    assert world.hours_b.opens.hour == 9
    world.hours_a.refresh_from_db()
    assert world.hours_a.opens.hour == 9


def test_inline_post_adds_hours_only_to_own_clinic(world):
    client = client_for(world.staff_a)
    url = f"/admin/directory/clinic/{world.clinic_a.pk}/change/"
    data = change_form_data(
        client.get(url),
        **{
            "opening_hours-TOTAL_FORMS": "2",
            "opening_hours-1-weekday": "2",
            "opening_hours-1-opens": "10:00",
            "opening_hours-1-closes": "14:00",
        },
    )
    response = client.post(url, {**data, "opening_hours-1-clinic": str(world.clinic_b.pk)})
    assert response.status_code == 200  # a row claiming another parent is refused
    assert world.clinic_b.opening_hours.count() == 1
    assert client.post(url, data).status_code == 302
    assert world.clinic_a.opening_hours.count() == 2
    assert world.clinic_b.opening_hours.count() == 1


# Autocomplete and raw-id lookups ---------------------------------------------------------


@pytest.mark.parametrize(
    "model_name",
    ["problemreport", "openinghours", "clinicmembership"],
)
def test_autocomplete_of_clinics_does_not_leak_other_clinics(world, model_name):
    response = client_for(world.staff_a).get(
        "/admin/autocomplete/",
        {"app_label": "directory", "model_name": model_name, "field_name": "clinic", "term": "Ketamine"},
    )
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [str(world.clinic_a.pk)]


def test_autocomplete_of_site_staff_sees_all(world):
    response = client_for(world.site_staff).get(
        "/admin/autocomplete/",
        {"app_label": "directory", "model_name": "problemreport", "field_name": "clinic", "term": "Ketamine"},
    )
    assert {r["id"] for r in response.json()["results"]} == {str(world.clinic_a.pk), str(world.clinic_b.pk)}


@pytest.mark.parametrize(
    ("model_name", "field_name"),
    [("clinic", "city"), ("clinicmembership", "user"), ("problemreport", "resolved_by")],
)
def test_autocomplete_of_cities_and_users_is_refused_to_clinic_staff(world, model_name, field_name):
    response = client_for(world.staff_a).get(
        "/admin/autocomplete/", {"app_label": "directory", "model_name": model_name, "field_name": field_name}
    )
    assert response.status_code == 403


def test_raw_id_popup_lists_only_own_clinic(world):
    response = client_for(world.staff_a).get("/admin/directory/clinic/", {"_to_field": "id", "_popup": "1"})
    assert list(response.context["cl"].result_list) == [world.clinic_a]


# Problem reports -------------------------------------------------------------------------


def test_reports_changelist_lists_only_own_clinics_reports(world):
    response = client_for(world.staff_a).get("/admin/directory/problemreport/")
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [world.report_a]


def test_report_of_own_clinic_is_view_only_without_the_reporter_email(world):
    client = client_for(world.staff_a)
    response = client.get(f"/admin/directory/problemreport/{world.report_a.pk}/change/")
    assert response.status_code == 200
    assert b"a@example.org" not in response.content
    client.post(f"/admin/directory/problemreport/{world.report_a.pk}/change/", {"status": "resolved"})
    world.report_a.refresh_from_db()
    assert world.report_a.status == "open"


def test_reporter_email_cannot_be_probed_by_clinic_staff(world):
    url = "/admin/directory/problemreport/?reporter_email__startswith=a"
    assert client_for(world.staff_a).get(url).status_code == 400
    assert client_for(world.site_staff).get(url).status_code == 200


def test_report_of_other_clinic_is_refused(world):
    client = client_for(world.staff_a)
    url = f"/admin/directory/problemreport/{world.report_b.pk}"
    assert refused(client.get(f"{url}/change/"))
    assert refused(client.post(f"{url}/change/", {"kind": "other", "status": "resolved"}))
    assert refused(client.post(f"{url}/delete/", {"post": "yes"}))
    assert refused(client.get(f"{url}/history/"))
    world.report_b.refresh_from_db()
    assert world.report_b.status == "open"
    assert client.get("/admin/directory/problemreport/add/").status_code == 403


# History ---------------------------------------------------------------------------------


def _edit_as_site_staff(world, clinic):
    client = client_for(world.site_staff)
    url = f"/admin/directory/clinic/{clinic.pk}/change/"
    assert client.post(url, change_form_data(client.get(url), description="Checked.")).status_code == 302
    return clinic.history.latest()


def test_history_of_own_clinic_is_readable_but_not_revertible(world):
    record = _edit_as_site_staff(world, world.clinic_a)
    client = client_for(world.staff_a)
    assert client.get(f"/admin/directory/clinic/{world.clinic_a.pk}/history/").status_code == 200
    page = client.get(f"/admin/directory/clinic/{world.clinic_a.pk}/history/{record.history_id}/")
    assert page.status_code == 200
    assert page.context["revert_disabled"]
    response = client.post(f"/admin/directory/clinic/{world.clinic_a.pk}/history/{record.history_id}/", {})
    assert response.status_code == 403


def test_history_of_other_clinic_is_refused(world):
    record = _edit_as_site_staff(world, world.clinic_b)
    client = client_for(world.staff_a)
    assert refused(client.get(f"/admin/directory/clinic/{world.clinic_b.pk}/history/"))
    assert refused(client.get(f"/admin/directory/clinic/{world.clinic_b.pk}/history/{record.history_id}/"))
    assert refused(client.post(f"/admin/directory/clinic/{world.clinic_b.pk}/history/{record.history_id}/", {}))


def test_history_of_a_deleted_clinic_is_refused_to_clinic_staff(world):
    record = _edit_as_site_staff(world, world.clinic_b)
    pk = world.clinic_b.pk
    world.clinic_b.delete()
    client = client_for(world.staff_a)
    assert refused(client.get(f"/admin/directory/clinic/{pk}/history/"))
    assert refused(client.get(f"/admin/directory/clinic/{pk}/history/{record.history_id}/"))


# Users, groups, lookups, memberships ----------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/admin/auth/user/",
        "/admin/auth/user/add/",
        "/admin/auth/group/",
        "/admin/directory/city/",
        "/admin/directory/treatment/",
        "/admin/directory/condition/",
        "/admin/directory/paymentoption/",
        "/admin/directory/language/",
        "/admin/directory/clinicmembership/",
        "/admin/directory/clinic/import/",
    ],
)
def test_clinic_staff_cannot_reach_users_groups_lookups_or_import(world, url):
    assert client_for(world.staff_a).get(url).status_code == 403


def test_admin_index_shows_clinic_staff_only_their_models(world):
    response = client_for(world.staff_a).get("/admin/")
    models = {m["object_name"] for app in response.context["app_list"] for m in app["models"]}
    assert {"Clinic", "ProblemReport"} <= models
    assert not models & {"User", "Group", "City", "Treatment", "Condition", "PaymentOption", "Language"}


# Site staff may do it all --------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/admin/directory/clinic/",
        "/admin/directory/clinic/add/",
        "/admin/directory/clinic/{b}/change/",
        "/admin/directory/clinic/{b}/delete/",
        "/admin/directory/clinic/{b}/history/",
        "/admin/directory/clinic/import/",
        "/admin/directory/problemreport/",
        "/admin/directory/problemreport/{report_b}/change/",
        "/admin/directory/city/",
        "/admin/directory/treatment/",
        "/admin/directory/language/",
        "/admin/directory/clinicmembership/",
    ],
)
def test_site_staff_reach_every_listing_url(world, url):
    url = url.format(b=world.clinic_b.pk, report_b=world.report_b.pk)
    assert client_for(world.site_staff).get(url).status_code == 200


def test_site_staff_change_any_clinic_and_its_hours(world):
    client = client_for(world.site_staff)
    url = f"/admin/directory/clinic/{world.clinic_b.pk}/change/"
    data = change_form_data(client.get(url), name="Beta Renamed", verified="on", **{"opening_hours-0-opens": "08:00"})
    assert client.post(url, data).status_code == 302
    world.clinic_b.refresh_from_db()
    world.hours_b.refresh_from_db()
    assert (world.clinic_b.name, world.clinic_b.verified, world.hours_b.opens.hour) == ("Beta Renamed", True, 8)


def test_site_staff_delete_a_clinic_and_resolve_reports(world):
    client = client_for(world.site_staff)
    assert client.post(f"/admin/directory/clinic/{world.clinic_b.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not Clinic.objects.filter(pk=world.clinic_b.pk).exists()
    client.post("/admin/directory/problemreport/", {"action": "resolve", "_selected_action": [world.report_a.pk]})
    world.report_a.refresh_from_db()
    assert (world.report_a.status, world.report_a.resolved_by) == ("resolved", world.site_staff)
    assert ProblemReport.objects.open().count() == 0  # report_b went with its clinic
