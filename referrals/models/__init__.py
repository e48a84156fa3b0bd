"""Referral models: referrals, their history, messages, coverage packet and access log, referrers and tokens."""

from .access_log import AccessChannel, ReferralAccessLog
from .coverage_packet import CoveragePacket
from .message import MESSAGE_MAX_LENGTH, MessageAuthor, ReferralMessage
from .referral import PreferredContact, Referral, ReferralStatusChange
from .referrer import CLINIC_STAFF_GROUP, REFERRERS_GROUP, ReferrerApiToken, ReferrerProfile, hash_secret
from .responsiveness import ClinicResponsiveness

__all__ = [
    "AccessChannel",
    "CLINIC_STAFF_GROUP",
    "ClinicResponsiveness",
    "CoveragePacket",
    "MESSAGE_MAX_LENGTH",
    "MessageAuthor",
    "REFERRERS_GROUP",
    "PreferredContact",
    "Referral",
    "ReferralAccessLog",
    "ReferralMessage",
    "ReferralStatusChange",
    "ReferrerApiToken",
    "ReferrerProfile",
    "hash_secret",
]
