"""The demo accounts of the README: created idempotently, never in production settings."""

import pytest
from django.contrib.auth import get_user_model

from directory.demo_accounts import DEMO_PASSWORD, DemoAccountsRefused, create_demo_accounts
from directory.models import ClinicMembership
from tests.directory.admin_world import FAST_HASHERS
from tests.factories import CityFactory, ClinicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture
def demo_clinics():
    atlanta = ClinicFactory(slug="peachtree-ketamine-wellness", name="Peachtree Ketamine Wellness")
    la = ClinicFactory(
        slug="silver-lake-ketamine-center",
        name="Silver Lake Ketamine Center",
        city=CityFactory(name="Los Angeles", state="CA"),
        zip_code="90026",
    )
    return atlanta, la


def test_demo_accounts_are_created_once(demo_clinics):
    create_demo_accounts()
    create_demo_accounts()
    users = get_user_model().objects.filter(username__startswith="demo-")
    assert sorted(users.values_list("username", flat=True)) == [
        "demo-clinic-atlanta",
        "demo-clinic-la",
        "demo-referrer",
        "demo-staff",
    ]
    assert ClinicMembership.objects.count() == 2
    for user in users:
        assert user.check_password(DEMO_PASSWORD)
        assert user.groups.count() == 1
    staff = users.get(username="demo-staff")
    assert staff.is_staff and staff.groups.get().name == "Site staff" and not staff.is_superuser
    referrer = users.get(username="demo-referrer")
    assert not referrer.is_staff and referrer.groups.get().name == "Referrers"
    assert referrer.referrer_profile.organization.endswith("(fictional)")


def test_demo_clinic_staff_see_only_their_clinic_and_demo_staff_see_all(client, demo_clinics):
    atlanta, la = demo_clinics
    create_demo_accounts()
    assert client.login(username="demo-clinic-atlanta", password=DEMO_PASSWORD)
    response = client.get("/admin/directory/clinic/")
    assert list(response.context["cl"].result_list) == [atlanta]
    assert client.get(f"/admin/directory/clinic/{atlanta.pk}/change/").status_code == 200
    assert client.get(f"/admin/directory/clinic/{la.pk}/change/").status_code == 302
    client.logout()
    assert client.login(username="demo-staff", password=DEMO_PASSWORD)
    response = client.get("/admin/directory/clinic/")
    assert set(response.context["cl"].result_list) == {atlanta, la}


def test_refused_in_production_settings(settings, monkeypatch):
    settings.DEBUG = False
    settings.TESTING = False
    monkeypatch.delenv("DJANGO_DEMO_ACCOUNTS", raising=False)
    with pytest.raises(DemoAccountsRefused, match="DEBUG is off"):
        create_demo_accounts()
    assert not get_user_model().objects.exists()
    monkeypatch.setenv("DJANGO_DEMO_ACCOUNTS", "1")
    assert "demo-staff" in create_demo_accounts()


def test_missing_demo_clinics_leave_the_accounts_without_membership():
    create_demo_accounts()
    assert get_user_model().objects.filter(username="demo-clinic-la").exists()
    assert not ClinicMembership.objects.exists()
