"""Opening hours as a person reads them: per weekday, in the clinic's own time zone.

Pure functions over already-loaded intervals (anything with `weekday`, `opens`,
`closes`), so a page of clinics costs no extra queries. The rule matches
ClinicQuerySet.open_at: open when opens <= local time < closes.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.utils.translation import gettext_lazy as _

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ZONE_LABELS = {
    "America/New_York": _("Eastern time"),
    "America/Detroit": _("Eastern time"),
    "America/Chicago": _("Central time"),
    "America/Denver": _("Mountain time"),
    "America/Phoenix": _("Arizona time"),
    "America/Los_Angeles": _("Pacific time"),
    "America/Anchorage": _("Alaska time"),
    "Pacific/Honolulu": _("Hawaii time"),
}


class Interval(Protocol):
    weekday: int
    opens: datetime.time
    closes: datetime.time


@dataclass(frozen=True)
class DaySchedule:
    weekday: int
    day: str
    intervals: tuple[tuple[datetime.time, datetime.time], ...]
    is_today: bool


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(settings.TIME_ZONE)


def zone_label(name: str) -> str:
    return str(ZONE_LABELS.get(name, name.replace("_", " ")))


def local_moment(*, timezone: str, moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(zone(timezone))


def is_open_at(*, intervals: Iterable[Interval], timezone: str, moment: datetime.datetime) -> bool:
    local = local_moment(timezone=timezone, moment=moment)
    now = local.time().replace(microsecond=0)
    return any(i.weekday == local.weekday() and i.opens <= now < i.closes for i in intervals)


def weekly_schedule(*, intervals: Iterable[Interval], timezone: str, moment: datetime.datetime) -> list[DaySchedule]:
    """Seven days, Monday first, each with its intervals in opening order (empty: closed)."""
    today = local_moment(timezone=timezone, moment=moment).weekday()
    by_day: dict[int, list[tuple[datetime.time, datetime.time]]] = {day: [] for day in range(7)}
    for interval in intervals:
        if 0 <= interval.weekday <= 6:
            by_day[interval.weekday].append((interval.opens, interval.closes))
    return [
        DaySchedule(weekday=day, day=WEEKDAY_NAMES[day], intervals=tuple(sorted(by_day[day])), is_today=day == today)
        for day in range(7)
    ]


def hours_payload(intervals: Iterable[Interval]) -> list[dict]:
    """The API's `opening_hours`: [{"weekday": 0-6, "day": "Monday", "opens": "09:00", "closes": "17:00"}]."""
    ordered = sorted(intervals, key=lambda i: (i.weekday, i.opens))
    return [
        {
            "weekday": i.weekday,
            "day": WEEKDAY_NAMES[i.weekday],
            "opens": f"{i.opens:%H:%M}",
            "closes": f"{i.closes:%H:%M}",
        }
        for i in ordered
        if 0 <= i.weekday <= 6
    ]
