"""How fast a clinic answers referrals, from its referral history of the last 90 days.

A referral is answered by the clinic's first move past "viewed" (contacted, scheduled,
declined, no capacity): opening it is not an answer. The figure is a stored summary
(ClinicResponsiveness), one row per clinic, because pages must not scan referral
history on every view:

- `refresh_clinic` recomputes one clinic after each status change of one of its referrals
  (services.change_status and create_referral call it): one aggregate query over that
  clinic's last 90 days, through the referral (clinic, status) index and the history's key.
- `refresh_all` (manage.py refresh_responsiveness, daily) moves every clinic's 90-day
  window on, in one grouped query, and drops rows of clinics with no referrals left.

The first answer per referral (MIN over its status changes) is computed in SQL; the median
and the business-day deadline, over at most a few hundred numbers per clinic, in Python,
because SQLite has no median and business days need a calendar.
"""

from __future__ import annotations

import datetime
import math
import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from referrals.models import ClinicResponsiveness, Referral
from referrals.workflow import Status

WINDOW_DAYS = 90
MIN_REFERRALS = 5
ANSWER_STATUSES = (Status.CONTACTED, Status.SCHEDULED, Status.DECLINED, Status.NO_CAPACITY)
BUSINESS_DAYS = 2


def add_business_days(start: datetime.datetime, days: int) -> datetime.datetime:
    """`start` moved on by `days` working days (Monday to Friday); a weekend start counts from Monday 00:00."""
    moment = start
    if moment.weekday() >= 5:
        moment = (moment + datetime.timedelta(days=7 - moment.weekday())).replace(hour=0, minute=0, second=0)
        moment = moment.replace(microsecond=0)
    remaining = days
    while remaining:
        moment += datetime.timedelta(days=1)
        if moment.weekday() < 5:
            remaining -= 1
    return moment


@dataclass(frozen=True)
class Summary:
    referral_count: int
    answered_count: int
    due_count: int  # answered, or past their 2-business-day deadline: the share's denominator
    median_response_seconds: int | None
    answered_within_two_business_days: int


def summarise(
    pairs: Iterable[tuple[datetime.datetime, datetime.datetime | None]], *, zone: str, now: datetime.datetime
) -> Summary:
    """(sent, first answer or None) per referral → the figures. Business days are the clinic's own (`zone`).

    The median is over answered referrals; the share over referrals answered or past their deadline,
    so a referral sent an hour ago does not count against the clinic yet.
    """
    tz = _zone(zone) if zone else timezone.get_default_timezone()
    waits, on_time, due, count = [], 0, 0, 0
    for sent, answered in pairs:
        count += 1
        deadline = add_business_days(timezone.localtime(sent, tz), BUSINESS_DAYS)
        if answered is None:
            due += now >= deadline
            continue
        due += 1
        waits.append((answered - sent).total_seconds())
        on_time += answered <= deadline
    median = int(statistics.median(waits)) if waits else None
    return Summary(count, len(waits), due, median, on_time)


def _zone(name: str):
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)


def _first_answers(*, now: datetime.datetime, clinic_ids: Iterable[int] | None = None):
    """(clinic_id, zone, sent, first answer) of every referral sent in the window: one grouped query."""
    referrals = Referral.objects.filter(created_at__gte=now - datetime.timedelta(days=WINDOW_DAYS))
    if clinic_ids is not None:
        referrals = referrals.filter(clinic_id__in=list(clinic_ids))
    return (
        referrals.order_by()
        .annotate(answered_at=Min("status_changes__at", filter=Q(status_changes__to_status__in=ANSWER_STATUSES)))
        .values_list("clinic_id", "clinic__timezone", "created_at", "answered_at")
    )


def _store(clinic_id: int, summary: Summary, *, now: datetime.datetime) -> None:
    ClinicResponsiveness.objects.update_or_create(
        clinic_id=clinic_id,
        defaults={
            "referral_count": summary.referral_count,
            "answered_count": summary.answered_count,
            "due_count": summary.due_count,
            "median_response_seconds": summary.median_response_seconds,
            "answered_within_two_business_days": summary.answered_within_two_business_days,
            "computed_at": now,
        },
    )


def _grouped(rows) -> dict[int, tuple[str, list]]:
    by_clinic: dict[int, tuple[str, list]] = {}
    for clinic_id, zone, sent, answered in rows:
        by_clinic.setdefault(clinic_id, (zone, []))[1].append((sent, answered))
    return by_clinic


def refresh_clinic(clinic_id: int, *, now: datetime.datetime | None = None) -> Summary:
    now = now or timezone.now()
    grouped = _grouped(_first_answers(now=now, clinic_ids=[clinic_id]))
    zone, pairs = grouped.get(clinic_id, ("", []))
    summary = summarise(pairs, zone=zone, now=now)
    _store(clinic_id, summary, now=now)
    return summary


def refresh_all(*, now: datetime.datetime | None = None) -> int:
    """Every clinic with referrals in the window; returns how many summaries were written."""
    now = now or timezone.now()
    grouped = _grouped(_first_answers(now=now))
    for clinic_id, (zone, pairs) in grouped.items():
        _store(clinic_id, summarise(pairs, zone=zone, now=now), now=now)
    ClinicResponsiveness.objects.exclude(clinic_id__in=list(grouped)).delete()
    return len(grouped)


# Reading -------------------------------------------------------------------------


def responsiveness_json(row: ClinicResponsiveness | None) -> dict | None:
    """The API's `responsiveness`, or None below MIN_REFERRALS referrals."""
    if row is None or row.referral_count < MIN_REFERRALS:
        return None
    return {
        "referrals_90_days": row.referral_count,
        "median_response_hours": (
            round(row.median_response_seconds / 3600, 1) if row.median_response_seconds is not None else None
        ),
        "answered_within_2_business_days": (
            round(row.answered_within_two_business_days / row.due_count, 2) if row.due_count else None
        ),
    }


def responsiveness_text(row: ClinicResponsiveness | None) -> str:
    """'Usually answers referrals within 1 day', or '' below MIN_REFERRALS referrals."""
    if row is None or row.referral_count < MIN_REFERRALS:
        return ""
    if row.median_response_seconds is None:
        return _("Has not answered its recent referrals yet")
    hours = row.median_response_seconds / 3600
    if hours < 1:
        return _("Usually answers referrals within an hour")
    days = max(1, math.ceil(hours / 24))
    return ngettext(
        "Usually answers referrals within %(count)d day", "Usually answers referrals within %(count)d days", days
    ) % {"count": days}


def on_time_text(row: ClinicResponsiveness | None) -> str:
    """'80% answered within 2 business days', or ''."""
    if row is None or row.referral_count < MIN_REFERRALS:
        return ""
    if not row.due_count:
        return ""
    share = round(100 * row.answered_within_two_business_days / row.due_count)
    return _("%(share)d%% answered within 2 business days") % {"share": share}


__all__ = [
    "add_business_days",
    "on_time_text",
    "refresh_all",
    "refresh_clinic",
    "responsiveness_json",
    "responsiveness_text",
    "summarise",
]
