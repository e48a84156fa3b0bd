"""The access log of referrals: every read of a referral's patient details by staff is recorded.

The referrer who sent a referral reads their own data and is not logged; anyone else who
sees the patient (the receiving clinic's staff, superusers, a privacy officer who gave a
reason) leaves a row each time. Site staff opening a referral's row see no patient and
leave none.
"""

from __future__ import annotations

from django.utils import timezone

from referrals.models import AccessChannel, Referral, ReferralAccessLog


def record_view(*, referral: Referral, user, via: AccessChannel, reason: str = "") -> ReferralAccessLog | None:
    """Log that `user` opened `referral` through `via`; None when it is the referrer's own."""
    if not user.is_authenticated or referral.referrer_id == user.pk:
        return None
    return ReferralAccessLog.objects.create(
        referral=referral, user=user, username=user.get_username(), at=timezone.now(), via=via, reason=reason
    )
