from django.conf import settings
from django.db import models


class ClinicMembership(models.Model):
    """A user who works for a clinic and may manage its listing and referrals."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clinic_memberships")
    clinic = models.ForeignKey("directory.Clinic", on_delete=models.CASCADE, related_name="memberships")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "clinic"], name="membership_unique_user_clinic")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.clinic}"
