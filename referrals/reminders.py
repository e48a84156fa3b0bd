"""Reminders about unopened referrals: to the clinic after 48 hours (daily at most), and once to the
referrer when the clinic has not opened it within 2 business days.

Run by `manage.py send_referral_reminders` (cron) or the `send_reminders` task (a scheduler).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from referrals.models import Referral
from referrals.workflow import Status

REFERRER_AFTER_BUSINESS_DAYS = 2


def add_business_days(start: datetime, days: int) -> datetime:
    """`start` moved on by `days` working days (Monday to Friday), in the site's time zone."""
    moment = timezone.localtime(start)
    while days > 0:
        moment += timedelta(days=1)
        if moment.weekday() < 5:
            days -= 1
    return moment


def unopened_for_referrers(now: datetime) -> list[Referral]:
    """Unopened referrals from a referrer who has not been told yet, past 2 business days."""
    candidates = Referral.objects.filter(
        status=Status.SENT, referrer__isnull=False, referrer_told_unopened_at__isnull=True
    ).select_related("referrer", "clinic")
    # No business-day arithmetic in SQL: only referrals at least 2 calendar days old can be due.
    candidates = candidates.filter(created_at__lte=now - timedelta(days=REFERRER_AFTER_BUSINESS_DAYS))
    return [r for r in candidates if add_business_days(r.created_at, REFERRER_AFTER_BUSINESS_DAYS) <= now]


@dataclass
class Summary:
    clinics: int
    clinic_referrals: int
    referrers_told: int


def run_reminders(*, hours: int = 48, every: int = 24, dry_run: bool = False, now: datetime | None = None) -> Summary:
    from referrals.tasks import remind_clinic, tell_referrer_unopened

    now = now or timezone.now()
    due = Referral.objects.filter(status=Status.SENT, created_at__lte=now - timedelta(hours=hours)).filter(
        Q(last_reminded_at__isnull=True) | Q(last_reminded_at__lte=now - timedelta(hours=every))
    )
    by_clinic: dict[int, list[int]] = defaultdict(list)
    for referral_id, clinic_id in due.order_by("clinic_id", "id").values_list("id", "clinic_id"):
        by_clinic[clinic_id].append(referral_id)
    referrer_due = [r.pk for r in unopened_for_referrers(now)]
    if not dry_run:
        for clinic_id, referral_ids in by_clinic.items():
            # Record first, so a failing mail server cannot make the next run send twice.
            Referral.objects.filter(pk__in=referral_ids).update(last_reminded_at=now)
            remind_clinic.enqueue(clinic_id, referral_ids)
        for referral_id in referrer_due:
            Referral.objects.filter(pk=referral_id).update(referrer_told_unopened_at=now)
            tell_referrer_unopened.enqueue(referral_id)
    return Summary(
        clinics=len(by_clinic),
        clinic_referrals=sum(len(ids) for ids in by_clinic.values()),
        referrers_told=len(referrer_due),
    )
