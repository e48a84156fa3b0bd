"""The referrer's workspace: their referrals listed and one referral in full (plain functions, no HTTP)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Max, QuerySet
from django.utils import timezone

from referrals.clinician_view import clinician_findings, treatment_names
from referrals.models import Referral
from referrals.screening import QUESTIONS_BY_ID
from referrals.workflow import Status

# The clinic has the next move while a referral is in one of these.
WAITING_ON_CLINIC = frozenset({Status.SENT, Status.VIEWED})


def referrals_of(user, *, status: str = "") -> QuerySet[Referral]:
    """The referrals `user` sent, last changed first, optionally of one status."""
    queryset = Referral.objects.filter(referrer=user)
    if status:
        queryset = queryset.filter(status=status)
    return (
        queryset.select_related("clinic")
        .annotate(last_change_at=Max("status_changes__at"))
        .order_by("-last_change_at", "-id")
    )


def days_waiting_on_clinic(referral: Referral, *, now: datetime | None = None) -> int | None:
    """Whole days since it was sent while the clinic still has to act on it; None once it has."""
    if referral.status not in WAITING_ON_CLINIC:
        return None
    return max(0, ((now or timezone.now()) - referral.created_at).days)


@dataclass(frozen=True)
class HistoryItem:
    status: str
    label: str
    at: datetime
    note: str


def history(referral: Referral) -> list[HistoryItem]:
    """Every status change, oldest first, with the note the clinic wrote."""
    return [
        HistoryItem(status=change.to_status, label=Status(change.to_status).label, at=change.at, note=change.note)
        for change in referral.status_changes.all()
    ]


def answer_rows(answers: dict) -> list[tuple[str, str]]:
    """(question as put to a referrer, answer) in words, in the order they were stored."""
    rows = []
    for question_id, value in answers.items():
        question = QUESTIONS_BY_ID.get(question_id)
        rows.append((question.about_patient, question.label_for(value)) if question else (question_id, str(value)))
    return rows


def findings_rows(referral: Referral) -> list[dict[str, str]]:
    """The stored findings in the clinician's words, with their sources (as the clinic's staff see them)."""
    return clinician_findings(referral.findings, treatment_names())
