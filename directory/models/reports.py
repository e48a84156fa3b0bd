"""Problems the public reports about a listing, and the moderation queue they land in."""

from django.conf import settings
from django.db import models


class ProblemReportQuerySet(models.QuerySet):
    def open(self) -> "ProblemReportQuerySet":
        return self.filter(status=ProblemReport.Status.OPEN)


class ProblemReport(models.Model):
    """A visitor's note that something on a listing is wrong. No account needed; no patient details."""

    class Kind(models.TextChoices):
        WRONG_PHONE = "wrong_phone", "Wrong phone number"
        CLOSED = "closed", "Clinic has closed"
        WRONG_HOURS = "wrong_hours", "Wrong opening hours"
        WRONG_ADDRESS = "wrong_address", "Wrong address"
        OTHER = "other", "Something else"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"

    DETAILS_MAX_LENGTH = 1000

    clinic = models.ForeignKey(
        "directory.Clinic",
        on_delete=models.CASCADE,
        related_name="problem_reports",
        help_text="The listing the report is about.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, help_text="What is wrong.")
    details = models.TextField(
        max_length=DETAILS_MAX_LENGTH, blank=True, help_text="What the visitor told us (at most 1,000 characters)."
    )
    reporter_email = models.EmailField(
        blank=True, help_text="Optional address for follow-up questions. Shown to site staff only."
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.OPEN, help_text="Open until site staff resolve it."
    )
    created_at = models.DateTimeField(auto_now_add=True, help_text="When the report arrived.")
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who resolved the report.",
    )
    resolved_at = models.DateTimeField(null=True, blank=True, help_text="When the report was resolved.")

    objects = ProblemReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["clinic", "status"], name="report_clinic_status")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.clinic}"
