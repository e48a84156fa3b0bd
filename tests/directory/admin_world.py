"""Two clinics, their staff and site staff: the cast of the admin and tenancy tests."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Model
from django.test import Client

from directory.models import Clinic, ClinicMembership, OpeningHours, ProblemReport
from directory.tenancy import CLINIC_STAFF_GROUP, SITE_STAFF_GROUP
from tests.factories import CityFactory, ClinicFactory

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class World:
    clinic_a: Clinic
    clinic_b: Clinic
    staff_a: Model
    site_staff: Model
    hours_a: OpeningHours
    hours_b: OpeningHours
    report_a: ProblemReport
    report_b: ProblemReport


def make_user(username: str, *, group: str | None, is_staff: bool = True, clinics=()) -> Model:
    user = get_user_model().objects.create(username=username, is_staff=is_staff)
    if group:
        user.groups.add(Group.objects.get(name=group))
    for clinic in clinics:
        ClinicMembership.objects.create(user=user, clinic=clinic)
    return user


def build_world() -> World:
    atlanta = CityFactory(name="Atlanta", state="GA")
    los_angeles = CityFactory(name="Los Angeles", state="CA", latitude=34.05, longitude=-118.24)
    clinic_a = ClinicFactory(name="Alpha Ketamine Atlanta", slug="alpha-atlanta", city=atlanta)
    clinic_b = ClinicFactory(
        name="Beta Ketamine LA",
        slug="beta-la",
        city=los_angeles,
        zip_code="90026",
        latitude=34.0766,
        longitude=-118.2646,
        timezone="America/Los_Angeles",
        treatments=["iv-infusion"],
    )
    nine, five = datetime.time(9), datetime.time(17)
    return World(
        clinic_a=clinic_a,
        clinic_b=clinic_b,
        staff_a=make_user("staff-a", group=CLINIC_STAFF_GROUP, clinics=[clinic_a]),
        site_staff=make_user("moderator", group=SITE_STAFF_GROUP),
        hours_a=OpeningHours.objects.create(clinic=clinic_a, weekday=0, opens=nine, closes=five),
        hours_b=OpeningHours.objects.create(clinic=clinic_b, weekday=1, opens=nine, closes=five),
        report_a=ProblemReport.objects.create(clinic=clinic_a, kind="wrong_phone", reporter_email="a@example.org"),
        report_b=ProblemReport.objects.create(clinic=clinic_b, kind="closed", reporter_email="b@example.org"),
    )


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _as_post_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else None
    if isinstance(value, list | tuple):
        return [str(getattr(item, "pk", item)) for item in value]
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    return str(getattr(value, "pk", value))


def _form_fields(form, data: dict) -> None:
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None and isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
            value = []
        value = _as_post_value(value)
        if value is not None:
            data[form.add_prefix(name)] = value


def change_form_data(response, **overrides) -> dict:
    """The POST a browser would send back from an admin change page, with `overrides` applied."""
    data: dict = {}
    _form_fields(response.context["adminform"].form, data)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        _form_fields(formset.management_form, data)
        for form in formset.initial_forms:
            _form_fields(form, data)
    for name, value in overrides.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data
