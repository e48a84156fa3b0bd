"""Referral models (see issue 4)."""
