"""'Lost your link?': a fresh tracking link emailed to the address a referral was sent from.

The answer is the same whether or not a referral exists, and so is the time it takes: the
lookup is one query either way, the rotation and the emails happen in a task (ids
only), and the page waits out a fixed floor. Each address gets a few links an hour at most,
so the form cannot flood someone's inbox.
"""

from __future__ import annotations

import secrets
import time

from django.conf import settings
from django.utils.crypto import salted_hmac

from config import ratelimit
from referrals import emails
from referrals.models import Referral, hash_secret

# Referrals whose links one request renews (the most recent first).
MAX_REFERRALS = 10


def referral_ids_for(email: str) -> list[int]:
    return list(
        Referral.objects.filter(patient_email__iexact=email.strip(), anonymised_at__isnull=True)
        .order_by("-created_at", "-id")
        .values_list("pk", flat=True)[:MAX_REFERRALS]
    )


def address_allowed(email: str) -> bool:
    """Counts one request for this address (keyed by a keyed hash, never the address)."""
    if not getattr(settings, "RATELIMIT_ENABLED", True):
        return True
    limit, window = ratelimit.scope_limits("lost_link_address")
    digest = salted_hmac("referrals.lost_link", email.strip().lower()).hexdigest()[:32]
    return ratelimit.hit(key=f"lost_link_address:{digest}", limit=limit, window_seconds=window)


def rotate_token(referral: Referral) -> str:
    """A new tracking token for `referral`; the old one stops working. Returns the new raw token."""
    token = secrets.token_urlsafe(32)
    Referral.objects.filter(pk=referral.pk).update(tracking_token_hash=hash_secret(token))
    referral.tracking_token_hash = hash_secret(token)
    return token


def send_fresh_links(referral_ids: list[int]) -> int:
    """Rotate each referral's token and email the new link to its patient. Returns the emails sent."""
    sent = 0
    for referral in Referral.objects.filter(pk__in=referral_ids, anonymised_at__isnull=True).exclude(patient_email=""):
        sent += emails.send_tracking_link(referral, rotate_token(referral), fresh=True)
    return sent


def request_fresh_links(email: str) -> None:
    """The whole request, whatever the address: find, then hand the ids (maybe none) to a task."""
    from referrals.tasks import send_fresh_tracking_links

    ids = referral_ids_for(email) if address_allowed(email) else []
    send_fresh_tracking_links.enqueue(ids)


def wait_out(started: float) -> None:
    """Sleep until LOST_LINK_RESPONSE_SECONDS have passed since `started` (time.monotonic())."""
    remaining = settings.LOST_LINK_RESPONSE_SECONDS - (time.monotonic() - started)
    if remaining > 0:
        time.sleep(remaining)
