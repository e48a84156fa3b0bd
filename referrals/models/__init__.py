"""Referral models: referrals, their status history and access log, referrers and their API tokens."""

from .access_log import AccessChannel, ReferralAccessLog
from .referral import PreferredContact, Referral, ReferralStatusChange
from .referrer import CLINIC_STAFF_GROUP, REFERRERS_GROUP, ReferrerApiToken, ReferrerProfile, hash_secret
from .responsiveness import ClinicResponsiveness

__all__ = [
    "AccessChannel",
    "CLINIC_STAFF_GROUP",
    "ClinicResponsiveness",
    "REFERRERS_GROUP",
    "PreferredContact",
    "Referral",
    "ReferralAccessLog",
    "ReferralStatusChange",
    "ReferrerApiToken",
    "ReferrerProfile",
    "hash_secret",
]
