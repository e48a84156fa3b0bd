"""The retention policy (docs/OPERATIONS.md): erase patient details once a referral is long finished.

A referral that ended (treated, declined, no capacity, closed) and has not moved for
settings.REFERRAL_RETENTION_DAYS is anonymised: names, contact details, the note, the
answers and the findings that restate them are erased, and so are the notes of its status
history, the bodies of its messages and its coverage packet. The clinic, dates, outcomes,
rule set version, the history itself and who wrote each message when stay, for statistics
and audit, and so does the access log (it names staff, not the patient).

Unsent or unconsented referral data is never stored: pre-screen answers travel in a
signed form field until the person consents and sends, so there is nothing of that kind to
delete after settings.REFERRAL_UNSENT_RETENTION_DAYS. What can linger is a session holding
the "just sent" confirmation (a tracking link) that was never shown; expired sessions are
deleted here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Max, QuerySet

from referrals.models import CoveragePacket, Referral, ReferralMessage, ReferralStatusChange
from referrals.workflow import Status

FINISHED = (Status.TREATED, Status.DECLINED, Status.NO_CAPACITY, Status.CLOSED)
BATCH = 500
DB_SESSIONS = "django.contrib.sessions.backends.db"


@dataclass(frozen=True)
class PurgeReport:
    anonymised: int
    expired_sessions: int
    dry_run: bool


def due_for_anonymising(*, now: datetime, days: int) -> QuerySet[Referral]:
    """Finished referrals whose last status change is more than `days` old, not yet anonymised."""
    return (
        Referral.objects.filter(status__in=FINISHED, anonymised_at__isnull=True)
        .annotate(last_change_at=Max("status_changes__at"))
        .filter(last_change_at__lt=now - timedelta(days=days))
    )


def anonymise(*, referral_ids: list[int], now: datetime) -> int:
    """Erase the patient's details from these referrals and the notes of their history."""
    for start in range(0, len(referral_ids), BATCH):
        batch = referral_ids[start : start + BATCH]
        with transaction.atomic():
            Referral.objects.filter(pk__in=batch).update(
                patient_first_name="",
                patient_last_name="",
                patient_email="",
                patient_phone="",
                note="",
                answers={},
                findings={},
                request_fingerprint="",
                idempotency_key=None,
                anonymised_at=now,
                updated_at=now,
            )
            ReferralStatusChange.objects.filter(referral_id__in=batch).exclude(note="").update(note="")
            # Messages keep who wrote and when (the thread is append-only); what they said goes.
            ReferralMessage.objects.filter(referral_id__in=batch).exclude(body="").update(body="")
            CoveragePacket.objects.filter(referral_id__in=batch).delete()
    return len(referral_ids)


def _expired_sessions(*, now: datetime, delete: bool) -> int:
    if settings.SESSION_ENGINE != DB_SESSIONS:
        return 0  # cache or cookie sessions expire by themselves
    expired = Session.objects.filter(expire_date__lt=now)
    if not delete:
        return expired.count()
    deleted, _ = expired.delete()
    return deleted


def purge_referrals(*, now: datetime, days: int | None = None, dry_run: bool = False) -> PurgeReport:
    """Apply the retention policy; with dry_run, count what would change and change nothing."""
    days = settings.REFERRAL_RETENTION_DAYS if days is None else days
    referral_ids = list(due_for_anonymising(now=now, days=days).order_by("pk").values_list("pk", flat=True))
    if not dry_run:
        anonymise(referral_ids=referral_ids, now=now)
    return PurgeReport(
        anonymised=len(referral_ids),
        expired_sessions=_expired_sessions(now=now, delete=not dry_run),
        dry_run=dry_run,
    )
