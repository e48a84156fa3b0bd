"""Messages on a referral: an append-only thread between its sender and the receiving clinic's staff."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MESSAGE_MAX_LENGTH = 2000


class MessageAuthor(models.TextChoices):
    REFERRER = "referrer", _("The referrer")
    PATIENT = "patient", _("The patient")
    CLINIC = "clinic", _("The clinic")


class ReferralMessage(models.Model):
    """One message. Rows are only ever added (referrals.messages.post_message); retention erases the body."""

    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.PROTECT, related_name="messages", help_text="The referral discussed."
    )
    author_role = models.CharField(
        max_length=10, choices=MessageAuthor.choices, help_text="Which party wrote it: referrer, patient or clinic."
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The account that wrote it (empty for the patient, or if the account was deleted since).",
    )
    # Kept so the thread still names the writer after their account is gone; empty for the patient.
    author_username = models.CharField(max_length=150, blank=True, help_text="Username at the time of writing.")
    body = models.TextField(max_length=MESSAGE_MAX_LENGTH, help_text="The message (erased under the retention policy).")
    at = models.DateTimeField(db_index=True, help_text="When it was written.")

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "message"
        constraints = [
            models.CheckConstraint(condition=Q(author_role__in=MessageAuthor.values), name="message_author_valid"),
        ]

    def __str__(self) -> str:
        # Never the body: this string ends up in admin pages and logs.
        return f"Message #{self.pk} on referral #{self.referral_id}"
