"""Opening hours as pure functions: open-now in the clinic's zone, the weekly table, the API list."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest

from directory.opening_hours import hours_payload, is_open_at, weekly_schedule, zone_label


def interval(weekday: int, opens: str, closes: str):
    return SimpleNamespace(
        weekday=weekday, opens=datetime.time.fromisoformat(opens), closes=datetime.time.fromisoformat(closes)
    )


MONDAY_9_TO_5 = [interval(0, "09:00", "17:00")]


@pytest.mark.parametrize(
    "utc, zone, expected",
    [
        ("2026-11-23T14:00", "America/New_York", True),  # 09:00 Monday: opening minute counts
        ("2026-11-23T13:59", "America/New_York", False),
        ("2026-11-23T22:00", "America/New_York", False),  # 17:00: closed at closing time
        ("2026-11-23T21:59", "America/New_York", True),
        ("2026-11-23T15:00", "America/Los_Angeles", False),  # 07:00 in LA
        ("2026-11-23T17:00", "America/Los_Angeles", True),  # 09:00 in LA
        ("2026-11-24T00:30", "America/Los_Angeles", True),  # Tuesday in UTC, still Monday 16:30 in LA
        ("2026-07-20T13:30", "America/New_York", True),  # summer time: 09:30
        ("2026-11-23T15:00", "Not/AZone", True),  # unknown zone falls back to the site's (New York)
    ],
)
def test_is_open_at(utc, zone, expected):
    moment = datetime.datetime.fromisoformat(utc).replace(tzinfo=datetime.UTC)
    assert is_open_at(intervals=MONDAY_9_TO_5, timezone=zone, moment=moment) is expected


def test_weekly_schedule_lists_seven_days_and_marks_today_in_the_clinics_zone():
    intervals = [interval(0, "13:00", "17:00"), interval(0, "08:00", "12:00"), interval(6, "10:00", "14:00")]
    # Monday 02:00 UTC is still Sunday evening in Los Angeles.
    moment = datetime.datetime(2026, 11, 23, 2, 0, tzinfo=datetime.UTC)
    days = weekly_schedule(intervals=intervals, timezone="America/Los_Angeles", moment=moment)
    assert [d.day for d in days] == ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    assert days[0].intervals == (
        (datetime.time(8), datetime.time(12)),
        (datetime.time(13), datetime.time(17)),
    )
    assert days[1].intervals == ()
    assert [d.is_today for d in days] == [False] * 6 + [True]


def test_hours_payload_is_sorted_and_formatted():
    payload = hours_payload([interval(4, "09:30", "18:00"), interval(1, "08:00", "12:00")])
    assert payload == [
        {"weekday": 1, "day": "Tuesday", "opens": "08:00", "closes": "12:00"},
        {"weekday": 4, "day": "Friday", "opens": "09:30", "closes": "18:00"},
    ]


def test_zone_labels():
    assert zone_label("America/Chicago") == "Central time"
    assert zone_label("America/Puerto_Rico") == "America/Puerto Rico"
