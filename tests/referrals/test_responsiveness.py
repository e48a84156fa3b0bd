"""How fast a clinic answers referrals, against a hand-made referral history with a controlled clock."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.test import TestCase
from django.utils import translation

from referrals.models import ClinicResponsiveness, ReferralStatusChange
from referrals.responsiveness import (
    add_business_days,
    on_time_text,
    refresh_all,
    refresh_clinic,
    responsiveness_json,
    responsiveness_text,
    summarise,
)
from referrals.services import change_status, create_referral
from tests.factories import ClinicFactory

from .helpers import PATIENT, suitable_answers

pytestmark = pytest.mark.django_db
UTC = datetime.UTC
# Wednesday 2 December 2026, 17:00 UTC (noon in Atlanta).
NOW = datetime.datetime(2026, 12, 2, 17, 0, tzinfo=UTC)
NY = "America/New_York"


def at(day: int, hour: int = 12, month: int = 11) -> datetime.datetime:
    """A moment in November (or `month`) 2026, noon Atlanta time by default (17:00 UTC)."""
    return datetime.datetime(2026, month, day, hour + 5, 0, tzinfo=UTC)


# Business days, as a function -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "deadline"),
    [
        (datetime.datetime(2026, 11, 16, 9), datetime.datetime(2026, 11, 18, 9)),  # Monday → Wednesday
        (datetime.datetime(2026, 11, 19, 15), datetime.datetime(2026, 11, 23, 15)),  # Thursday → Monday
        (datetime.datetime(2026, 11, 20, 15), datetime.datetime(2026, 11, 24, 15)),  # Friday → Tuesday
        (datetime.datetime(2026, 11, 21, 10), datetime.datetime(2026, 11, 25, 0)),  # Saturday → from Monday 00:00
    ],
)
def test_two_business_days(start, deadline):
    assert add_business_days(start, 2) == deadline


def test_summary_of_a_hand_made_history():
    pairs = [
        (at(2), at(2, 13)),  # 1 hour
        (at(3), at(4)),  # 1 day
        (at(6), at(10)),  # Friday → Tuesday noon: 4 days, on time (2 business days)
        (at(9), at(13)),  # Monday → Friday: 4 days, late
        (at(16), None),  # never answered, long past its deadline
        (datetime.datetime(2026, 12, 2, 13, tzinfo=UTC), None),  # sent this morning: not due yet
    ]
    summary = summarise(pairs, zone=NY, now=NOW)
    assert summary.referral_count == 6
    assert summary.answered_count == 4
    assert summary.due_count == 5
    assert summary.median_response_seconds == int(2.5 * 86400)  # median of 1 h, 1 d, 4 d, 4 d
    assert summary.answered_within_two_business_days == 3


# From the referral history in the database --------------------------------------------------------


def referral_at(clinic, sent: datetime.datetime, *answers: tuple[str, datetime.datetime]):
    """A referral sent at `sent`, then moved to each (status, moment); after-commit work (the refresh) runs."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        with mock.patch("django.utils.timezone.now", return_value=sent):
            referral, _token = create_referral(
                answers=suitable_answers(), clinic=clinic, patient=PATIENT, consent=True, note="", referrer=None
            )
    for status, moment in answers:
        with (
            TestCase.captureOnCommitCallbacks(execute=True),
            mock.patch("django.utils.timezone.now", return_value=moment),
        ):
            change_status(referral=referral, to_status=status)
    return referral


@pytest.fixture
def clinic():
    return ClinicFactory(
        accepts_referrals=True, referral_email="intake@example.org", treatments=["iv-infusion"],
        conditions=["depression"], timezone=NY,
    )  # fmt: skip


def test_viewed_does_not_count_and_the_first_answer_does(clinic):
    referral_at(clinic, at(16), ("viewed", at(16, 13)), ("contacted", at(17)), ("scheduled", at(17, 14)))
    summary = refresh_clinic(clinic.pk, now=NOW)
    assert summary.median_response_seconds == 86400  # contacted a day later; the viewing an hour in is no answer


@pytest.mark.parametrize("status", ["contacted", "scheduled", "declined", "no_capacity"])
def test_each_answer_status_counts(clinic, status):
    referral_at(clinic, at(16), (status, at(16, 15)))
    assert refresh_clinic(clinic.pk, now=NOW).median_response_seconds == 3 * 3600


def test_only_the_last_90_days_count(clinic):
    referral_at(clinic, NOW - datetime.timedelta(days=91), ("contacted", NOW - datetime.timedelta(days=80)))
    referral_at(clinic, at(16), ("contacted", at(16, 14)))
    summary = refresh_clinic(clinic.pk, now=NOW)
    assert (summary.referral_count, summary.median_response_seconds) == (1, 2 * 3600)


def test_shown_from_5_referrals_and_kept_current_by_status_changes(clinic):
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        for day in (2, 3, 4):
            referral_at(clinic, at(day), ("contacted", at(day, 14)))
        referral_at(clinic, at(5), ("declined", at(9)))  # Thursday → Monday: on time
        row = ClinicResponsiveness.objects.get(clinic=clinic)
        assert row.referral_count == 4 and responsiveness_text(row) == "" and responsiveness_json(row) is None
        fifth = referral_at(clinic, at(10))  # unanswered
        row.refresh_from_db()
        assert row.referral_count == 5 and row.answered_count == 4
    # The status change refreshed the stored summary: no page computes it.
    assert responsiveness_text(row) == "Usually answers referrals within 1 day"
    assert on_time_text(row) == "80% answered within 2 business days"
    assert responsiveness_json(row) == {
        "referrals_90_days": 5,
        "median_response_hours": 2.0,
        "answered_within_2_business_days": 0.8,
    }
    with (
        TestCase.captureOnCommitCallbacks(execute=True),
        mock.patch("django.utils.timezone.now", return_value=at(10, 13)),
    ):
        change_status(referral=fifth, to_status="contacted")
    row.refresh_from_db()
    assert row.answered_count == 5 and row.answered_within_two_business_days == 5
    with translation.override("es"):
        assert responsiveness_text(row) == "Suele responder a los referidos en 1 día"


def test_median_in_words():
    def row(seconds):
        return ClinicResponsiveness(referral_count=5, due_count=5, median_response_seconds=seconds)

    assert responsiveness_text(row(1800)) == "Usually answers referrals within an hour"
    assert responsiveness_text(row(5 * 3600)) == "Usually answers referrals within 1 day"
    assert responsiveness_text(row(50 * 3600)) == "Usually answers referrals within 3 days"
    assert responsiveness_text(row(None)) == "Has not answered its recent referrals yet"


def test_refresh_all_moves_the_window_and_forgets_clinics_without_referrals(clinic):
    other = ClinicFactory(accepts_referrals=True, treatments=["iv-infusion"], conditions=["depression"])
    referral_at(clinic, at(16), ("contacted", at(17)))
    referral_at(other, at(16), ("contacted", at(17)))
    changes = ReferralStatusChange.objects.count()
    assert refresh_all(now=NOW) == 2
    assert ReferralStatusChange.objects.count() == changes  # the history itself is only read
    assert refresh_all(now=NOW + datetime.timedelta(days=100)) == 0
    assert not ClinicResponsiveness.objects.exists()


def test_pages_and_api_read_the_stored_summary(client, clinic):
    ClinicResponsiveness.objects.create(
        clinic=clinic, referral_count=6, answered_count=6, due_count=6, median_response_seconds=7200,
        answered_within_two_business_days=6, computed_at=NOW,
    )  # fmt: skip
    assert "Usually answers referrals within 1 day" in client.get(clinic.get_absolute_url()).content.decode()
    assert "100% answered within 2 business days" in client.get(clinic.get_absolute_url()).content.decode()
    assert "Usually answers referrals within 1 day" in client.get("/clinics/", {"near": "30303"}).content.decode()
    [listed] = client.get("/api/clinics/", {"near": "30303"}).json()["results"]
    assert listed["responsiveness"]["median_response_hours"] == 2.0
