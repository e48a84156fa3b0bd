import pytest
from django.contrib.auth.models import Group

from referrals.models import REFERRERS_GROUP
from referrals.services import create_referral
from tests.factories import ClinicFactory, ClinicMembershipFactory, UserFactory

from .helpers import ALL_TREATMENTS, PATIENT, suitable_answers


@pytest.fixture
def referral_clinic(db):
    """An Atlanta clinic (30303) that takes referrals, offers everything and treats depression."""
    return ClinicFactory(
        name="Peachtree Imaginary Ketamine",
        slug="peachtree-imaginary",
        accepts_referrals=True,
        referral_email="intake@peachtree.example.org",
        treatments=ALL_TREATMENTS,
        conditions=["depression", "ptsd"],
        payment_options=["self-pay"],
    )


@pytest.fixture
def other_clinic(db):
    return ClinicFactory(
        name="Decatur Pretend Wellness",
        slug="decatur-pretend",
        latitude=33.7748,
        longitude=-84.2963,
        zip_code="30030",
        accepts_referrals=True,
        referral_email="intake@decatur.example.org",
        treatments=["iv-infusion"],
        conditions=["depression"],
    )


def _referrer(username):
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name=REFERRERS_GROUP))
    return user


@pytest.fixture
def referrer(db):
    return _referrer("dr-fictional")


@pytest.fixture
def other_referrer(db):
    return _referrer("dr-other-fictional")


@pytest.fixture
def clinic_staff(referral_clinic):
    user = UserFactory(username="peachtree-staff", is_staff=True)
    user.groups.add(Group.objects.get(name="Clinic staff"))
    ClinicMembershipFactory(user=user, clinic=referral_clinic)
    return user


@pytest.fixture
def other_clinic_staff(other_clinic):
    user = UserFactory(username="decatur-staff", is_staff=True)
    user.groups.add(Group.objects.get(name="Clinic staff"))
    ClinicMembershipFactory(user=user, clinic=other_clinic)
    return user


@pytest.fixture
def superuser(db):
    return UserFactory(username="root-fictional", is_staff=True, is_superuser=True)


@pytest.fixture
def make_referral(referral_clinic):
    def make(*, clinic=None, referrer=None, answers=None, **patient):
        return create_referral(
            answers=answers or suitable_answers(),
            clinic=clinic or referral_clinic,
            patient=PATIENT | patient,
            consent=True,
            note="Mornings are best.",
            referrer=referrer,
        )

    return make
