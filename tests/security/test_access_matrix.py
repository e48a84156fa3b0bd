"""Every URL pattern of the site × every role: who may read and who may write, from access_table.py.

For each role one test walks get_resolver().url_patterns (the admin's included), sends a
GET and a POST to each pattern, and compares "served" or "refused" with the table. Every
response is also searched for the patient details of the referral the role may not see.
A pattern with no row fails test_every_url_pattern_has_a_row.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLResolver, get_resolver
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from directory.models import ClinicMembership, Condition, Language, PaymentOption, Treatment
from referrals.models import AccessChannel, ReferralAccessLog
from tests.security import access_table as table
from tests.security.world import SECRETS_A, SECRETS_B, build_world

pytestmark = pytest.mark.django_db

REFUSED_STATUSES = {401, 403, 404, 405}
REFUSAL_REDIRECTS = {"/admin/", "/admin/login/", "/accounts/login/"}
LOGOUT_ROUTES = {"admin/logout/", "accounts/logout/"}
ADMIN_MODEL_ROUTE = re.compile(r"^admin/(?P<app>\w+)/(?P<model>\w+)/(?P<rest>.*)$")


def url_routes() -> list[str]:
    """Every pattern's full route, in resolution order, without duplicates."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern)

    return list(dict.fromkeys(walk(get_resolver().url_patterns)))


def _admin_model_rows(label: str, model: table.AdminModel, rest: str) -> table.Row | None:
    app, name = label.split(".")
    base = f"/admin/{app}/{name}/"

    def obj_url(suffix):
        return lambda w, role: f"{base}{model.obj(w).pk}/{suffix}"

    def action_data(w):
        return {"action": model.action_name, "_selected_action": [str(model.obj(w).pk)]}

    rows = {
        "": table.Row(model.changelist, model.action, base, data=action_data, why="list; POST runs a list action"),
        "add/": table.Row(model.add, model.add, f"{base}add/"),
        "<path:object_id>/history/": table.Row(model.view, model.view, obj_url("history/")),
        "<path:object_id>/delete/": table.Row(model.delete, model.delete, obj_url("delete/")),
        "<path:object_id>/change/": table.Row(model.view, model.change, obj_url("change/")),
        "<path:object_id>/": table.Row(model.view, model.view, obj_url(""), follow=True),
    }
    return rows.get(rest) or model.extra.get(rest)


def row_for(route: str) -> table.Row | None:
    if route in table.ROUTES:
        return table.ROUTES[route]
    match = ADMIN_MODEL_ROUTE.match(route)
    if match:
        label = f"{match['app']}.{match['model']}"
        if label in table.ADMIN_MODELS:
            return _admin_model_rows(label, table.ADMIN_MODELS[label], match["rest"])
    return None


def changelist_model(route: str) -> table.AdminModel | None:
    match = ADMIN_MODEL_ROUTE.match(route)
    if route in table.ROUTES or not match or match["rest"]:
        return None
    return table.ADMIN_MODELS.get(f"{match['app']}.{match['model']}")


def test_every_url_pattern_has_a_row():
    missing = [route for route in url_routes() if row_for(route) is None]
    assert not missing, f"Add these URL patterns to tests/security/access_table.py: {missing}"


def test_no_row_is_stale():
    routes = set(url_routes())
    assert not set(table.ROUTES) - routes
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert set(table.ADMIN_MODELS) == registered, "ADMIN_MODELS must name exactly the models in the admin"


def test_matrix_size(capsys):
    routes = url_routes()
    cells = len(routes) * len(table.ROLES) * 2
    with capsys.disabled():
        print(f"\naccess matrix: {len(routes)} URL patterns x {len(table.ROLES)} roles x GET/POST = {cells} checks")
    assert len(routes) >= 100


# --- Walking the matrix ---------------------------------------------------------------


@pytest.fixture
def world():
    w = build_world()
    w.groups = {group.name: group for group in Group.objects.all()}
    w.lookups = {
        "treatment": Treatment.objects.first(),
        "condition": Condition.objects.first(),
        "paymentoption": PaymentOption.objects.first(),
        "language": Language.objects.first(),
    }
    w.membership_a = ClinicMembership.objects.get(user=w.staff_a)
    w.access_log_a = ReferralAccessLog.objects.create(
        referral=w.referral_a, user=w.staff_a, username="staff-a", at=timezone.now(), via=AccessChannel.ADMIN
    )
    w.task_result = DBTaskResult.objects.create(
        args_kwargs={"args": [w.referral_a.pk], "kwargs": {}},
        task_path="referrals.tasks.notify_clinic_new_referral",
        backend_name="default",
        run_after=get_date_max(),
        exception_class_path="",
        traceback="",
    )
    w.clinic_a.name = "Alpha Imaginary Ketamine Center"  # a second historical version
    w.clinic_a.save()
    w.clinic_history_id = w.clinic_a.history.order_by("history_id").first().history_id
    ContentType.objects.clear_cache()  # ids cached by an earlier test may have been rolled back
    w.clinic_content_type_id = ContentType.objects.get_for_model(w.clinic_a).pk
    return w


def user_of(world, role: str):
    return {
        table.REFERRER_A: world.referrer_a,
        table.REFERRER_B: world.referrer_b,
        table.STAFF_A: world.staff_a,
        table.STAFF_B: world.staff_b,
        table.SITE: world.site_staff,
        table.PRIVACY: world.privacy_officer,
        table.SUPER: world.superuser,
    }.get(role)


def body_text(response) -> str:
    if response.streaming:
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return content.decode("utf-8", "replace") + " " + response.get("Location", "")


def served(route: str, method: str, row: table.Row, response, obj=None) -> bool:
    """True if the request was served, False if refused (see access_table's docstring)."""
    chain = [urlsplit(url).path for url, _ in getattr(response, "redirect_chain", [])]
    if response.status_code in (301, 302, 303, 307, 308):
        chain.append(urlsplit(response["Location"]).path)
    if any(path in REFUSAL_REDIRECTS for path in chain):
        return False
    if response.status_code in REFUSED_STATUSES:
        return False
    if method == "POST" and obj is not None:  # a changelist: did the list action run?
        return action_ran(response, obj)
    return True


def action_ran(response, obj) -> bool:
    """A changelist POST ran the list action on obj: a confirmation page naming it, or an export file."""
    if response.status_code != 200:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return True  # an export download
    context = response.context or {}
    queryset = context.get("queryset") if "deletable_objects" in context else None
    return queryset is not None and obj.pk in {item.pk for item in queryset}


def request(client: Client, world, role: str, route: str, row: table.Row, method: str):
    url = row.url(world, role) if callable(row.url) else row.url
    if method == "GET":
        return client.get(url, follow=row.follow)
    data = row.data(world) if callable(row.data) else row.data
    if row.json:
        return client.post(url, data or {}, content_type="application/json", follow=row.follow)
    return client.post(url, data or {}, follow=row.follow)


@pytest.mark.parametrize("role", table.ROLES)
def test_access_matrix(role, world, settings):
    settings.RATELIMIT_ENABLED = False
    client = Client()
    user = user_of(world, role)
    if user is not None:
        client.force_login(user)
    wrong, checked = [], 0
    for route in url_routes():
        row = row_for(route)
        assert row is not None, f"no row for {route}"
        listed = changelist_model(route)
        obj = listed.obj(world) if listed else None
        for method, allowed in (("GET", row.read), ("POST", row.write)):
            response = request(client, world, role, route, row, method)
            checked += 1
            assert response.status_code < 500, f"{method} {route} as {role}: {response.status_code}"
            expected = role in allowed
            if served(route, method, row, response, obj) != expected:
                where = response.get("Location", "")
                wrong.append(
                    f"{method} {route} as {role}: expected {'served' if expected else 'refused'}, "
                    f"got {response.status_code} {where}".rstrip()
                )
            text = body_text(response)
            for secrets, who in ((SECRETS_A, table.SEES_REFERRAL_A), (SECRETS_B, table.SEES_REFERRAL_B)):
                if role not in who:
                    leaked = [secret for secret in secrets if secret in text]
                    assert not leaked, f"{method} {route} as {role} shows {leaked}"
            if route in LOGOUT_ROUTES and method == "POST" and user is not None:
                client.force_login(user)
    assert not wrong, "\n".join(wrong)
    assert checked == 2 * len(url_routes())
