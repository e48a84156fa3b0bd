"""config.users.is_active_user: the one check every permission starts with."""

import pytest
from django.contrib.auth.models import AnonymousUser

from config.users import is_active_user
from directory.tenancy import clinics_for_user, is_site_staff
from referrals import access
from tests.factories import ClinicFactory, ClinicMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_only_a_logged_in_active_account_counts():
    assert is_active_user(UserFactory(username="active")) is True
    assert is_active_user(UserFactory(username="gone", is_active=False)) is False
    assert is_active_user(AnonymousUser()) is False
    assert is_active_user(None) is False


def test_a_deactivated_account_loses_every_permission_at_once():
    clinic = ClinicFactory()
    user = UserFactory(username="staff", is_superuser=True)
    ClinicMembershipFactory(user=user, clinic=clinic)
    assert is_site_staff(user) and access.is_clinic_staff_of(user, clinic.pk)
    user.is_active = False
    assert not is_site_staff(user)
    assert not access.is_clinic_staff_of(user, clinic.pk)
    assert list(clinics_for_user(user)) == []
    assert list(access.referrals_of_parties(user)) == []
