"""Who opened a referral, when, and where: every read of patient details by staff leaves a row."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AccessChannel(models.TextChoices):
    ADMIN = "admin", "Admin page"
    API = "api", "API"
    # A privacy officer opened the patient's details in the admin, giving a reason.
    DISCLOSURE = "disclosure", "Privacy officer, with a reason"


class ReferralAccessLog(models.Model):
    """Append-only: written by referrals.audit.record_view, never edited in the admin."""

    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.CASCADE, related_name="access_log", help_text="The referral opened."
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who opened it (empty if the account was deleted since).",
    )
    # Kept so the record still names the person after their account is gone.
    username = models.CharField(max_length=150, help_text="Username at the time of the view.")
    at = models.DateTimeField(db_index=True, help_text="When it was opened.")
    via = models.CharField(
        max_length=10, choices=AccessChannel.choices, help_text="Admin page, API, or a privacy officer's disclosure."
    )
    reason = models.TextField(
        blank=True, max_length=1000, help_text="Why a privacy officer opened the details (shown to the clinic)."
    )

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "referral access"
        verbose_name_plural = "referral access log"

    def __str__(self) -> str:
        return f"{self.username} opened referral #{self.referral_id} ({self.via})"
