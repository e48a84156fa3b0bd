"""How far a listing can be trusted: verification that expires, edits that clear it, confirmations that age.

Plain functions of the clinic's fields and a clock the caller passes.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

VERIFICATION_VALID_DAYS = 365  # a verification expires after 12 months
CONFIRMATION_VALID_DAYS = 183  # unconfirmed for 6 months: "not confirmed recently"

# What a patient relies on to find and trust a clinic: a change by clinic staff to any of it
# needs site staff to look again before the listing is shown as verified.
VERIFIED_FIELDS = (
    "name",
    "street_address",
    "zip_code",
    "city",
    "phone",
    "website",
    "treatments",
    "rems_certified",
)

VERIFIED, EXPIRED, UNVERIFIED = "verified", "expired", "unverified"
VERIFICATION_LABELS = {
    VERIFIED: _("Verified"),
    EXPIRED: _("Verification expired"),
    UNVERIFIED: _("Not yet verified"),
}


def verification_expires_on(verified_at: datetime.date) -> datetime.date:
    return verified_at + datetime.timedelta(days=VERIFICATION_VALID_DAYS)


def verification_state(*, verified: bool, verified_at: datetime.date | None, today: datetime.date) -> str:
    """verified, expired (verified over 12 months ago) or unverified."""
    if not verified:
        return UNVERIFIED
    if verified_at is None or today >= verification_expires_on(verified_at):
        return EXPIRED
    return VERIFIED


def verified_since(today: datetime.date) -> datetime.date:
    """Verifications on or after this date are still valid."""
    return today - datetime.timedelta(days=VERIFICATION_VALID_DAYS - 1)


def confirmed_recently(details_confirmed_at: datetime.datetime | None, *, now: datetime.datetime) -> bool:
    if details_confirmed_at is None:
        return False
    return now - details_confirmed_at < datetime.timedelta(days=CONFIRMATION_VALID_DAYS)


def edits_needing_review(changed_fields: Iterable[str]) -> list[str]:
    """Of the fields a save changed, those that clear the verified badge, in VERIFIED_FIELDS order."""
    changed = set(changed_fields)
    return [name for name in VERIFIED_FIELDS if name in changed]
