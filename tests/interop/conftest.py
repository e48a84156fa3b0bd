"""The referral fixtures of tests/referrals (clinics, referrers, staff), shared with the interop tests."""

from tests.referrals.conftest import (  # noqa: F401
    clinic_staff,
    make_referral,
    other_clinic,
    other_clinic_staff,
    other_referrer,
    referral_clinic,
    referrer,
    superuser,
)
