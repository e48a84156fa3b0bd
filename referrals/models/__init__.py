"""Referral models: referrals, their status history, referrers and their API tokens."""

from .referral import PreferredContact, Referral, ReferralStatusChange
from .referrer import CLINIC_STAFF_GROUP, REFERRERS_GROUP, ReferrerApiToken, ReferrerProfile, hash_secret

__all__ = [
    "CLINIC_STAFF_GROUP",
    "REFERRERS_GROUP",
    "PreferredContact",
    "Referral",
    "ReferralStatusChange",
    "ReferrerApiToken",
    "ReferrerProfile",
    "hash_secret",
]
