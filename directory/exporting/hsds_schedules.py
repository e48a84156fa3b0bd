"""Opening hours as HSDS schedules whose UTC offsets are right on every date they cover.

A weekly rule crosses daylight-saving changes, and an HSDS time carries one offset
("09:00-05:00"), so each opening-hours row becomes one schedule per stretch of the coming
year in which the clinic's offset stays the same, with valid_from and valid_to: an
export in December says -05:00 for January in Atlanta and -04:00 for July. A zone without
daylight saving (Phoenix, Honolulu) has one stretch.
"""

from __future__ import annotations

import datetime
import functools
from typing import NamedTuple
from zoneinfo import ZoneInfo

BYDAY = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
DAYS_AHEAD = 365


class Stretch(NamedTuple):
    valid_from: datetime.date
    valid_to: datetime.date
    offset: str  # "-05:00"
    hours: float  # -5.0


def _offset_minutes(zone: ZoneInfo, day: datetime.date) -> int:
    # Noon: clear of the small hours in which the clocks change.
    return int(datetime.datetime.combine(day, datetime.time(12), tzinfo=zone).utcoffset().total_seconds() // 60)


def _text(minutes: int) -> str:
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


@functools.lru_cache(maxsize=256)
def offset_stretches(zone_name: str, start: datetime.date, days: int = DAYS_AHEAD) -> tuple[Stretch, ...]:
    """The stretches of [start, start + days) in which `zone_name` keeps one UTC offset."""
    zone = ZoneInfo(zone_name)
    stretches: list[Stretch] = []
    first, current = start, _offset_minutes(zone, start)
    for n in range(1, days):
        day = start + datetime.timedelta(days=n)
        minutes = _offset_minutes(zone, day)
        if minutes != current:
            stretches.append(Stretch(first, day - datetime.timedelta(days=1), _text(current), current / 60))
            first, current = day, minutes
    stretches.append(Stretch(first, start + datetime.timedelta(days=days - 1), _text(current), current / 60))
    return tuple(stretches)


def schedule_records(clinic, hours, *, today: datetime.date, id_of, service_at_location_id: str) -> list[dict]:
    """HSDS schedule records of `clinic`'s opening `hours` from `today` on (id_of(extra) gives the ids)."""
    records = []
    for stretch in offset_stretches(clinic.timezone, today):
        for row in hours:
            records.append(
                {
                    "id": id_of(f"{row.pk}/{stretch.valid_from.isoformat()}"),
                    "service_at_location_id": service_at_location_id,
                    "valid_from": stretch.valid_from.isoformat(),
                    "valid_to": stretch.valid_to.isoformat(),
                    "freq": "WEEKLY",
                    "interval": 1,
                    "byday": BYDAY[row.weekday],
                    "opens_at": f"{row.opens:%H:%M}{stretch.offset}",
                    "closes_at": f"{row.closes:%H:%M}{stretch.offset}",
                    "timezone": stretch.hours,
                    "description": (
                        f"{row.get_weekday_display()} {row.opens:%H:%M}–{row.closes:%H:%M} ({clinic.timezone} time)"
                    ),
                }
            )
    return records
