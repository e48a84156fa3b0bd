"""A referral to one clinic and its append-only status history."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from referrals.screening import REVIEW, SUITABLE
from referrals.workflow import Status

NOTE_MAX_LENGTH = 2000


class PreferredContact(models.TextChoices):
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone")


class Referral(models.Model):
    clinic = models.ForeignKey(
        "directory.Clinic", on_delete=models.PROTECT, related_name="referrals", help_text="The receiving clinic."
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.SENT, db_index=True, help_text="Where the referral is."
    )
    answers = models.JSONField(help_text="The pre-screen answers it was judged on.")
    ruleset_version = models.CharField(max_length=40, help_text="Version of the pre-screen rules used.")
    outcome = models.CharField(
        max_length=20,
        choices=[(SUITABLE, "Suitable"), (REVIEW, "Needs a doctor's review")],
        help_text="Overall pre-screen outcome.",
    )
    treatment_outcomes = models.JSONField(default=dict, help_text="Outcome per treatment type.")
    findings = models.JSONField(
        default=dict, help_text="Reasons and flags shown to the person (passed on with consent)."
    )
    high_priority = models.BooleanField(default=False, help_text="A rule marked this referral for priority review.")
    referrer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals_sent",
        help_text="The referring clinician; empty for a self-referral.",
    )
    patient_first_name = models.CharField(max_length=100, help_text="Patient's first name.")
    patient_last_name = models.CharField(max_length=100, help_text="Patient's last name.")
    patient_email = models.EmailField(blank=True, help_text="Patient's email.")
    patient_phone = models.CharField(max_length=30, blank=True, help_text="Patient's phone number.")
    preferred_contact = models.CharField(
        max_length=10, choices=PreferredContact.choices, help_text="How the patient wants to be contacted."
    )
    note = models.TextField(blank=True, max_length=2000, help_text="Note from the patient or referrer.")
    consent_given_at = models.DateTimeField(help_text="When consent to send the details to this clinic was given.")
    consent_text_version = models.CharField(max_length=40, help_text="Version of the consent wording agreed to.")
    tracking_token_hash = models.CharField(
        max_length=64, unique=True, editable=False, help_text="SHA-256 of the tracking token (the token is not stored)."
    )
    idempotency_key = models.CharField(
        max_length=100, null=True, blank=True, editable=False, help_text="Client key that stops duplicate submissions."
    )
    request_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    language = models.CharField(
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text="Language it was sent in: emails to the patient and the referrer use it.",
    )
    rerouted_from = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rerouted_to",
        editable=False,
        help_text="The referral this one was sent on from, after that clinic declined or had no space.",
    )
    viewed_at = models.DateTimeField(null=True, blank=True, help_text="When clinic staff first opened it.")
    viewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_reminded_at = models.DateTimeField(null=True, blank=True, help_text="Last reminder sent to the clinic.")
    referrer_told_unopened_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the referrer was told the clinic had not opened it within 2 business days.",
    )
    anonymised_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the patient's details were erased under the retention policy (purge_referrals).",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["clinic", "status"], name="referral_clinic_status")]
        # Held by the "Privacy officers" group (referrals/access.py): site staff otherwise never see a patient.
        permissions = [("disclose_referral", "Can open a referral's patient details, giving a reason")]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=Status.values), name="referral_status_valid"),
            models.CheckConstraint(condition=Q(outcome__in=[SUITABLE, REVIEW]), name="referral_outcome_routable"),
            models.UniqueConstraint(
                fields=["referrer", "idempotency_key"],
                condition=Q(referrer__isnull=False, idempotency_key__isnull=False),
                name="referral_idempotency_per_referrer",
            ),
            models.UniqueConstraint(
                fields=["idempotency_key"],
                condition=Q(referrer__isnull=True, idempotency_key__isnull=False),
                name="referral_idempotency_anonymous",
            ),
        ]

    def __str__(self) -> str:
        # Never the patient's name: this string ends up in admin messages and logs.
        return f"Referral #{self.pk}"

    def clean(self) -> None:
        errors = {}
        if not self.patient_email and not self.patient_phone:
            errors["patient_email"] = _("Give an email address or a phone number.")
        if self.preferred_contact == PreferredContact.EMAIL and not self.patient_email:
            errors["preferred_contact"] = _("Email is preferred, so give an email address.")
        if self.preferred_contact == PreferredContact.PHONE and not self.patient_phone:
            errors["preferred_contact"] = _("Phone is preferred, so give a phone number.")
        digits = sum(char.isdigit() for char in self.patient_phone)
        if self.patient_phone and not 10 <= digits <= 15:
            errors["patient_phone"] = _("Enter a phone number with its area code, e.g. (404) 555-0100.")
        if len(self.note) > NOTE_MAX_LENGTH:
            errors["note"] = _("Keep the note under %(count)d characters.") % {"count": NOTE_MAX_LENGTH}
        if errors:
            raise ValidationError(errors)


class ReferralStatusChange(models.Model):
    """One step of a referral's history. Rows are only ever added (see services.change_status)."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(blank=True, max_length=2000)
    at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "status change"

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status}"
