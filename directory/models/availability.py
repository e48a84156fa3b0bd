"""When a clinic can next see a new patient, per treatment, as its staff last confirmed it."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MAX_WAITLIST_WEEKS = 52


class AvailabilityStatus(models.TextChoices):
    OPEN = "open", _("Accepting new patients")
    WAITLIST = "waitlist", _("Waitlist")
    CLOSED = "closed", _("Not accepting new patients")


class TreatmentAvailability(models.Model):
    clinic = models.ForeignKey(
        "directory.Clinic", on_delete=models.CASCADE, related_name="availability", help_text="The clinic."
    )
    treatment = models.ForeignKey(
        "directory.Treatment", on_delete=models.CASCADE, related_name="+", help_text="One treatment the clinic offers."
    )
    status = models.CharField(
        max_length=10, choices=AvailabilityStatus.choices, help_text="Whether new patients can book this treatment."
    )
    next_opening = models.DateField(
        null=True, blank=True, help_text="First date a new patient can be seen (when accepting new patients)."
    )
    waitlist_weeks = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_WAITLIST_WEEKS)],
        help_text="How many weeks a new patient waits (when there is a waitlist).",
    )
    # Derived in clean(): the date a new patient can expect to be seen; what search filters and sorts on.
    expected_opening = models.DateField(null=True, blank=True, editable=False, db_index=True)
    confirmed_at = models.DateTimeField(help_text="When clinic staff last confirmed this is correct.")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "new-patient availability"
        verbose_name_plural = "new-patient availability"
        ordering = ["treatment__sort_order", "treatment__name"]
        constraints = [
            models.UniqueConstraint(fields=["clinic", "treatment"], name="availability_one_per_treatment"),
            models.CheckConstraint(
                condition=(
                    Q(status="open", next_opening__isnull=False, waitlist_weeks__isnull=True)
                    | Q(status="waitlist", next_opening__isnull=True, waitlist_weeks__isnull=False)
                    | Q(status="closed", next_opening__isnull=True, waitlist_weeks__isnull=True)
                ),
                name="availability_fields_match_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.treatment_id} at clinic {self.clinic_id}: {self.status}"

    def clean(self) -> None:
        errors = {}
        if self.status == AvailabilityStatus.OPEN:
            if self.next_opening is None:
                errors["next_opening"] = _("Give the date of the next new-patient opening.")
            self.waitlist_weeks = None
        elif self.status == AvailabilityStatus.WAITLIST:
            if self.waitlist_weeks is None:
                errors["waitlist_weeks"] = _("Give the waitlist length in weeks.")
            self.next_opening = None
        else:
            self.next_opening = self.waitlist_weeks = None
        if errors:
            raise ValidationError(errors)

    def refresh_expected_opening(self) -> None:
        """Derive `expected_opening` from the status (a waitlist counts from its confirmation)."""
        confirmed_on = self.confirmed_at.date() if self.confirmed_at else None
        self.expected_opening = expected_opening(
            status=self.status,
            next_opening=self.next_opening,
            waitlist_weeks=self.waitlist_weeks,
            confirmed_on=confirmed_on,
        )


def expected_opening(
    *, status: str, next_opening: datetime.date | None, waitlist_weeks: int | None, confirmed_on: datetime.date | None
) -> datetime.date | None:
    """The date a new patient can expect to start: the opening itself, or the waitlist counted from confirmation."""
    if status == AvailabilityStatus.OPEN:
        return next_opening
    if status == AvailabilityStatus.WAITLIST and waitlist_weeks is not None and confirmed_on is not None:
        return confirmed_on + datetime.timedelta(weeks=waitlist_weeks)
    return None
