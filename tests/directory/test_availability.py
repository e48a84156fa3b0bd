"""New-patient availability: the rules (14 days fresh), the API's `availability`, cards and clinic pages."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from directory.availability import (
    FRESH_DAYS,
    confirm_clinic,
    confirmed_age_text,
    page_openings,
    soonest_opening,
)
from directory.models import Treatment, TreatmentAvailability
from directory.models.availability import expected_opening
from tests.directory.availability_helpers import NOW, TODAY, days, set_availability
from tests.factories import ClinicFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock():
    with mock.patch("django.utils.timezone.now", return_value=NOW) as patched:
        yield patched


# Rules as functions -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "english", "spanish"),
    [
        (datetime.timedelta(hours=3), "confirmed today", "confirmado hoy"),
        (days(1), "confirmed 1 day ago", "confirmado hace 1 día"),
        (
            days(
                3,
            ),
            "confirmed 3 days ago",
            "confirmado hace 3 días",
        ),
        (days(20), "confirmed 2 weeks ago", "confirmado hace 2 semanas"),
    ],
)
def test_age_in_words(age, english, spanish):
    assert confirmed_age_text(NOW - age, now=NOW) == english
    with translation.override("es"):
        assert confirmed_age_text(NOW - age, now=NOW) == spanish


def test_after_14_days_a_value_reads_unknown_never_current():
    clinic = ClinicFactory(treatments=["iv-infusion"])
    set_availability(clinic, "iv-infusion", "open", opens_in=3, confirmed_days_ago=FRESH_DAYS - 0.01)
    [fresh] = page_openings([clinic.pk], now=NOW)[clinic.pk]
    assert (fresh.status, fresh.next_opening) == ("open", TODAY + days(3))
    [stale] = page_openings([clinic.pk], now=NOW + days(1))[clinic.pk]
    assert (stale.status, stale.next_opening, stale.waitlist_weeks) == ("unknown", None, None)
    assert stale.as_json()["status"] == "unknown"


def test_expected_opening_of_each_status():
    assert expected_opening(status="open", next_opening=TODAY, waitlist_weeks=None, confirmed_on=TODAY) == TODAY
    assert expected_opening(status="waitlist", next_opening=None, waitlist_weeks=2, confirmed_on=TODAY) == TODAY + days(
        14
    )
    assert expected_opening(status="closed", next_opening=None, waitlist_weeks=None, confirmed_on=TODAY) is None


@pytest.mark.parametrize(
    ("status", "fields", "error_field"),
    [
        ("open", {}, "next_opening"),
        ("waitlist", {}, "waitlist_weeks"),
        ("waitlist", {"waitlist_weeks": 53}, "waitlist_weeks"),
    ],
)
def test_each_status_needs_its_one_value(status, fields, error_field):
    clinic = ClinicFactory(treatments=["iv-infusion"])
    row = TreatmentAvailability(
        clinic=clinic, treatment=Treatment.objects.get(slug="iv-infusion"), status=status, **fields
    )
    with pytest.raises(ValidationError) as raised:
        row.full_clean(exclude=["confirmed_at"])
    assert error_field in raised.value.message_dict


def test_the_database_refuses_a_value_that_does_not_match_its_status():
    clinic = ClinicFactory(treatments=["iv-infusion"])
    row = TreatmentAvailability(
        clinic=clinic, treatment=Treatment.objects.get(slug="iv-infusion"), status="closed", next_opening=TODAY,
        confirmed_at=NOW,
    )  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


def test_still_correct_confirms_every_value_and_the_listing_and_moves_waitlists_on():
    clinic = ClinicFactory(treatments=["iv-infusion", "im-injection"])
    staff = UserFactory(username="confirmer")
    records = clinic.history.count()
    set_availability(clinic, "iv-infusion", "open", opens_in=10, confirmed_days_ago=20)
    set_availability(clinic, "im-injection", "waitlist", weeks=2, confirmed_days_ago=20)
    assert {o.status for o in page_openings([clinic.pk], now=NOW)[clinic.pk]} == {"unknown"}
    assert confirm_clinic(clinic, by=staff, now=NOW) == 2
    openings = {o.treatment_slug: o for o in page_openings([clinic.pk], now=NOW)[clinic.pk]}
    assert openings["iv-infusion"].status == "open" and openings["im-injection"].status == "waitlist"
    waitlist = TreatmentAvailability.objects.get(clinic=clinic, treatment__slug="im-injection")
    assert (waitlist.confirmed_by, waitlist.expected_opening) == (staff, TODAY + days(14))
    clinic.refresh_from_db()
    assert clinic.details_confirmed_at == NOW
    assert clinic.history.count() == records  # a confirmation is no edit: no history record


def test_soonest_opening_among_fitting_treatments():
    clinic = ClinicFactory(treatments=["iv-infusion", "im-injection", "esketamine-nasal-spray"])
    set_availability(clinic, "iv-infusion", "open", opens_in=30)
    set_availability(clinic, "im-injection", "waitlist", weeks=1)
    set_availability(clinic, "esketamine-nasal-spray", "closed")
    openings = page_openings([clinic.pk], now=NOW)[clinic.pk]
    assert soonest_opening(openings).treatment_slug == "im-injection"
    assert soonest_opening(openings, treatments=["iv-infusion"]).treatment_slug == "iv-infusion"
    assert soonest_opening(openings, treatments=["esketamine-nasal-spray"]) is None


def test_a_treatment_no_longer_offered_is_not_shown():
    clinic = ClinicFactory(treatments=["iv-infusion", "im-injection"])
    set_availability(clinic, "iv-infusion", "open", opens_in=3)
    set_availability(clinic, "im-injection", "open", opens_in=3)
    clinic.treatments.set(Treatment.objects.filter(slug="iv-infusion"))
    assert [o.treatment_slug for o in page_openings([clinic.pk], now=NOW)[clinic.pk]] == ["iv-infusion"]


# Through the API and the pages -----------------------------------------------------------------


def test_api_availability_shape(client, clock):
    clinic = ClinicFactory(slug="shape", treatments=["iv-infusion", "im-injection", "esketamine-nasal-spray"])
    set_availability(clinic, "iv-infusion", "open", opens_in=4, confirmed_days_ago=2)
    set_availability(clinic, "im-injection", "waitlist", weeks=3, confirmed_days_ago=1)
    set_availability(clinic, "esketamine-nasal-spray", "closed", confirmed_days_ago=30)
    expected = {
        "iv-infusion": {
            "status": "open", "next_opening": (TODAY + days(4)).isoformat(), "waitlist_weeks": None,
            "confirmed_at": (NOW - days(2)).isoformat(),
        },
        "im-injection": {
            "status": "waitlist", "next_opening": None, "waitlist_weeks": 3,
            "confirmed_at": (NOW - days(1)).isoformat(),
        },
        "esketamine-nasal-spray": {
            "status": "unknown", "next_opening": None, "waitlist_weeks": None,
            "confirmed_at": (NOW - days(30)).isoformat(),
        },
    }  # fmt: skip
    [listed] = client.get("/api/clinics/", {"near": "30303"}).json()["results"]
    assert listed["availability"] == expected
    assert client.get("/api/clinics/shape/").json()["availability"] == expected


def test_card_and_clinic_page_show_availability_with_its_age(client, clock):
    clinic = ClinicFactory(slug="cards", treatments=["iv-infusion", "im-injection", "oral-sublingual"])
    set_availability(clinic, "iv-infusion", "open", opens_in=4, confirmed_days_ago=3)
    set_availability(clinic, "im-injection", "open", opens_in=1, confirmed_days_ago=15)
    for path in ("/clinics/?near=30303", "/clinics/cards/"):
        page = client.get(path).content.decode()
        assert "next opening 7 Dec" in page and "confirmed 3 days ago" in page
        assert "unknown: not confirmed in the last 14 days" in page  # the stale IM value
        assert "next opening 4 Dec" not in page
    bare = ClinicFactory(slug="bare", treatments=["iv-infusion"])
    assert "New-patient availability not given yet." in client.get(f"/clinics/{bare.slug}/").content.decode()
    spanish = client.get("/clinics/cards/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "próxima cita libre 7 Dic" in spanish and "confirmado hace 3 días" in spanish
