"""Referral statuses and the transitions allowed between them (pure data)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    SENT = "sent", _("Sent")
    VIEWED = "viewed", _("Viewed by the clinic")
    CONTACTED = "contacted", _("The clinic contacted the patient")
    SCHEDULED = "scheduled", _("Appointment scheduled")
    TREATED = "treated", _("Treatment started")
    DECLINED = "declined", _("Declined by the clinic")
    NO_CAPACITY = "no_capacity", _("The clinic has no space right now")
    CLOSED = "closed", _("Closed")


S = Status
# Clinics may skip steps (a call can go straight to scheduling), never go back to
# `sent`, and nothing leaves `closed`.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.SENT: frozenset({S.VIEWED, S.CONTACTED, S.SCHEDULED, S.DECLINED, S.NO_CAPACITY, S.CLOSED}),
    S.VIEWED: frozenset({S.CONTACTED, S.SCHEDULED, S.DECLINED, S.NO_CAPACITY, S.CLOSED}),
    S.CONTACTED: frozenset({S.SCHEDULED, S.DECLINED, S.NO_CAPACITY, S.CLOSED}),
    S.SCHEDULED: frozenset({S.CONTACTED, S.TREATED, S.DECLINED, S.CLOSED}),
    S.TREATED: frozenset({S.CLOSED}),
    S.DECLINED: frozenset({S.CLOSED}),
    S.NO_CAPACITY: frozenset({S.CLOSED}),
    S.CLOSED: frozenset(),
}

# After these, the patient may look for another clinic: the tracking page offers the next nearest.
REDIRECTABLE = frozenset({S.DECLINED, S.NO_CAPACITY})

PATIENT_WORDING: dict[str, str] = {
    S.SENT: _("Your referral was sent. The clinic has not opened it yet."),
    S.VIEWED: _("The clinic has opened your referral."),
    S.CONTACTED: _("The clinic says it has contacted you."),
    S.SCHEDULED: _("An appointment is scheduled."),
    S.TREATED: _("Treatment has started."),
    S.DECLINED: _("The clinic decided it cannot take this referral."),
    S.NO_CAPACITY: _("The clinic has no space for new patients right now."),
    S.CLOSED: _("This referral is closed."),
}


def allowed_next(status: str) -> list[str]:
    """Next statuses in the order they are listed in Status."""
    allowed = TRANSITIONS.get(status, frozenset())
    return [value for value in Status.values if value in allowed]


def can_transition(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, frozenset())
