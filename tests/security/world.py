"""The cast of the security tests: two clinics, each with staff, a referrer and a referral.

Clinic A (Atlanta) got referral A from referrer A; clinic B (Los Angeles) got referral B
from referrer B. The patient of referral A holds its tracking link. Site staff moderate;
a privacy officer is site staff who may open one referral's patient details with a
reason; the superuser can do anything. Patient names are invented and unique, so a test
can search any page, log or email for them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Model
from django.utils import timezone

from directory.models import City, Clinic, ClinicMembership, ProblemReport
from directory.tenancy import CLINIC_STAFF_GROUP, SITE_STAFF_GROUP
from referrals.access import PRIVACY_OFFICERS_GROUP
from referrals.models import REFERRERS_GROUP, Referral, ReferrerApiToken, ReferrerProfile
from referrals.services import create_referral
from tests.factories import CityFactory, ClinicFactory
from tests.referrals.helpers import ALL_TREATMENTS, suitable_answers

PASSWORD = "pw-for-tests-only"

PATIENT_A = {
    "first_name": "Ottoline",
    "last_name": "Quibblethwaite",
    "email": "ottoline.quibble@example.org",
    "phone": "(404) 555-0177",
    "preferred_contact": "email",
}
PATIENT_B = {
    "first_name": "Barnaby",
    "last_name": "Fizzlewick",
    "email": "barnaby.fizzle@example.org",
    "phone": "(213) 555-0166",
    "preferred_contact": "phone",
}
NOTE_A = "Ottoline prefers calls after the school run."
NOTE_B = "Barnaby works nights, text first."
# What must never reach someone who may not see the referral (phones as stored and as digits).
SECRETS_A = ("Ottoline", "Quibblethwaite", "ottoline.quibble", "555-0177", "5550177", "school run")
SECRETS_B = ("Barnaby", "Fizzlewick", "barnaby.fizzle", "555-0166", "5550166", "works nights")


@dataclass
class World:
    clinic_a: Clinic
    clinic_b: Clinic
    city_a: City
    referrer_a: Model
    referrer_b: Model
    staff_a: Model
    staff_b: Model
    site_staff: Model
    superuser: Model
    referral_a: Referral
    referral_b: Referral
    token_a: str  # the tracking token of referral A (its patient and referrer A hold the link)
    report_a: ProblemReport
    api_token_a: ReferrerApiToken
    api_key_a: str
    privacy_officer: Model | None = None
    extra: dict = field(default_factory=dict)


def _user(username: str, *, groups=(), clinics=(), **flags) -> Model:
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, email=f"{username}@example.org", **flags
    )
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    for clinic in clinics:
        ClinicMembership.objects.create(user=user, clinic=clinic)
    return user


def _referral_clinic(**kwargs) -> Clinic:
    return ClinicFactory(
        accepts_referrals=True,
        treatments=ALL_TREATMENTS,
        conditions=["depression", "ptsd"],
        payment_options=["self-pay"],
        **kwargs,
    )


def build_world() -> World:
    atlanta = CityFactory(name="Atlanta", state="GA")
    los_angeles = CityFactory(name="Los Angeles", state="CA", latitude=34.05, longitude=-118.24)
    clinic_a = _referral_clinic(
        name="Alpha Imaginary Ketamine", slug="alpha-imaginary", city=atlanta, referral_email="a@example.org"
    )
    clinic_b = _referral_clinic(
        name="Beta Pretend Ketamine",
        slug="beta-pretend",
        city=los_angeles,
        zip_code="90026",
        latitude=34.0766,
        longitude=-118.2646,
        timezone="America/Los_Angeles",
        phone="(213) 555-0101",
        referral_email="b@example.org",
    )
    referrer_a = _user("referrer-a", groups=[REFERRERS_GROUP])
    referrer_b = _user("referrer-b", groups=[REFERRERS_GROUP])
    ReferrerProfile.objects.create(user=referrer_a, organization="Imaginary Family Practice")
    api_token_a, api_key_a = ReferrerApiToken.issue(user=referrer_a, name="EHR")
    referral_a, token_a = create_referral(
        answers=suitable_answers(),
        clinic=clinic_a,
        patient=PATIENT_A,
        consent=True,
        note=NOTE_A,
        referrer=referrer_a,
    )
    referral_b, _ = create_referral(
        answers=suitable_answers(),
        clinic=clinic_b,
        patient=PATIENT_B,
        consent=True,
        note=NOTE_B,
        referrer=referrer_b,
    )
    return World(
        clinic_a=clinic_a,
        clinic_b=clinic_b,
        city_a=atlanta,
        referrer_a=referrer_a,
        referrer_b=referrer_b,
        staff_a=_user("staff-a", groups=[CLINIC_STAFF_GROUP], clinics=[clinic_a], is_staff=True),
        staff_b=_user("staff-b", groups=[CLINIC_STAFF_GROUP], clinics=[clinic_b], is_staff=True),
        site_staff=_user("site-staff", groups=[SITE_STAFF_GROUP], is_staff=True),
        privacy_officer=_user("privacy-officer", groups=[SITE_STAFF_GROUP, PRIVACY_OFFICERS_GROUP], is_staff=True),
        superuser=_user("root", is_staff=True, is_superuser=True),
        referral_a=referral_a,
        referral_b=referral_b,
        token_a=token_a,
        report_a=ProblemReport.objects.create(
            clinic=clinic_a, kind="wrong_phone", details="Rings out.", reporter_email="visitor@example.org"
        ),
        api_token_a=api_token_a,
        api_key_a=api_key_a,
        extra={"now": timezone.now()},
    )
