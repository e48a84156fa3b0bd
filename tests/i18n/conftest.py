import datetime

import pytest

from directory.models import OpeningHours
from tests.factories import ClinicFactory

ALL_TREATMENTS = [
    "iv-infusion",
    "im-injection",
    "esketamine-nasal-spray",
    "oral-sublingual",
    "ketamine-assisted-psychotherapy",
]


@pytest.fixture
def clinic(db):
    """An Atlanta clinic (30303) that takes referrals, speaks Spanish and is open on Mondays."""
    clinic = ClinicFactory(
        name="Peachtree Imaginary Ketamine",
        slug="peachtree-imaginary",
        accepts_referrals=True,
        referral_email="intake@peachtree.example.org",
        telehealth=True,
        treatments=ALL_TREATMENTS,
        conditions=["depression", "ptsd"],
        payment_options=["self-pay", "medicaid"],
        languages=["en", "es"],
    )
    OpeningHours.objects.create(clinic=clinic, weekday=0, opens=datetime.time(9), closes=datetime.time(17))
    return clinic


@pytest.fixture
def es_client(client):
    """A visitor who chose Spanish with the language switcher (the cookie set_language leaves)."""
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    assert response.status_code == 302
    return client
