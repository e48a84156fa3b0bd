"""The access log of referrals: every read of a referral's details by staff is recorded.

The referrer who sent a referral reads their own data and is not logged; anyone else who
may open it (the receiving clinic's staff, site staff, superusers) leaves a row each time.
"""

from __future__ import annotations

from django.utils import timezone

from referrals.models import AccessChannel, Referral, ReferralAccessLog


def record_view(*, referral: Referral, user, via: AccessChannel) -> ReferralAccessLog | None:
    """Log that `user` opened `referral` through `via`; None when it is the referrer's own."""
    if not user.is_authenticated or referral.referrer_id == user.pk:
        return None
    return ReferralAccessLog.objects.create(
        referral=referral, user=user, username=user.get_username(), at=timezone.now(), via=via
    )
