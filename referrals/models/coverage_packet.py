"""The esketamine coverage packet of a referral: what payers usually ask for before covering SPRAVATO."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from referrals.coverage.choices import DIAGNOSES


class CoveragePacket(models.Model):
    """Filled by the referrer on the referral's page (referrals.coverage.packet.save_packet); the clinic reads it."""

    referral = models.OneToOneField(
        "referrals.Referral", on_delete=models.CASCADE, related_name="coverage_packet", help_text="The referral."
    )
    phq9_items = models.JSONField(help_text="The nine PHQ-9 answers, 0-3 each, in the questionnaire's order.")
    phq9_total = models.PositiveSmallIntegerField(help_text="PHQ-9 total, 0-27.")
    diagnosis = models.CharField(max_length=10, choices=DIAGNOSES, help_text="ICD-10-CM code of the diagnosis.")
    trials = models.JSONField(
        default=list, help_text="Antidepressants tried: drug or class, dose (mg/day), weeks, outcome."
    )
    current_antidepressant = models.CharField(
        max_length=30,
        blank=True,
        help_text="The antidepressant taken now, a slug of referrals.coverage.choices.ANTIDEPRESSANTS (empty: none).",
    )
    current_dose = models.CharField(max_length=50, blank=True, help_text="Its dose, as the referrer wrote it.")
    filled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    filled_at = models.DateTimeField(help_text="When the referrer last saved it.")

    class Meta:
        verbose_name = "coverage packet"
        constraints = [
            models.CheckConstraint(condition=models.Q(phq9_total__lte=27), name="coverage_packet_phq9_total_range"),
        ]

    def __str__(self) -> str:
        return f"Coverage packet of referral #{self.referral_id}"
