"""Referring clinicians: a profile with an optional NPI, and API tokens stored as hashes."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models

from referrals.npi import validate_npi

REFERRERS_GROUP = "Referrers"
CLINIC_STAFF_GROUP = "Clinic staff"


def hash_secret(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


class ReferrerProfile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="referrer_profile")
    npi = models.CharField(
        max_length=10, blank=True, validators=[validate_npi], help_text="National Provider Identifier (optional)."
    )
    organization = models.CharField(max_length=200, blank=True, help_text="Practice or organization.")

    def __str__(self) -> str:
        return f"Referrer {self.user}"


class ReferrerApiToken(models.Model):
    """`Authorization: Token <key>` for the referrals API. Only a hash of the key is kept."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="referral_api_tokens")
    name = models.CharField(max_length=100, blank=True, help_text="What the token is for, e.g. 'EHR integration'.")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True, help_text="Set to stop the token working.")

    class Meta:
        verbose_name = "referrer API token"

    def __str__(self) -> str:
        return f"API token {self.name or self.pk} of {self.user}"

    @classmethod
    def issue(cls, *, user, name: str = "") -> tuple[ReferrerApiToken, str]:
        """Create a token; the key is returned once and never stored."""
        key = secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, key_hash=hash_secret(key)), key
