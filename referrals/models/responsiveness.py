"""How fast each clinic answers referrals: a stored summary of its last 90 days (referrals.responsiveness)."""

from __future__ import annotations

from django.db import models


class ClinicResponsiveness(models.Model):
    clinic = models.OneToOneField(
        "directory.Clinic", on_delete=models.CASCADE, primary_key=True, related_name="responsiveness"
    )
    referral_count = models.PositiveIntegerField(default=0, help_text="Referrals sent in the window.")
    answered_count = models.PositiveIntegerField(default=0, help_text="Of those, answered by the clinic.")
    due_count = models.PositiveIntegerField(
        default=0, help_text="Of those, answered or past their 2-business-day deadline."
    )
    median_response_seconds = models.PositiveIntegerField(
        null=True, blank=True, help_text="Median time from sent to the clinic's first answer."
    )
    answered_within_two_business_days = models.PositiveIntegerField(
        default=0, help_text="Referrals answered within 2 business days of being sent."
    )
    computed_at = models.DateTimeField(help_text="When this summary was computed.")

    class Meta:
        verbose_name = "referral responsiveness"
        verbose_name_plural = "referral responsiveness"

    def __str__(self) -> str:
        return f"Responsiveness of clinic {self.clinic_id}"
