"""A privacy officer opens one referral's patient details, after giving a reason.

Site staff never see a patient (referrals/access.py). A privacy officer (site staff in
the "Privacy officers" group) may, one referral at a time: the reason is required, is
written to the access log with the officer's name, and is shown to the receiving
clinic on the referral's admin page. Nothing is granted beyond the one page answered.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from referrals import access
from referrals.audit import record_view
from referrals.models import AccessChannel, Referral, ReferralAccessLog

REASON_MIN_LENGTH = 15
REASON_MAX_LENGTH = 1000


class DisclosureForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need this patient's details?"),
        help_text=_("Required. Your name, the time and this reason are recorded and shown to the receiving clinic."),
        min_length=REASON_MIN_LENGTH,
        max_length=REASON_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def disclose(*, referral: Referral, user, reason: str) -> ReferralAccessLog | None:
    """Record a privacy officer's reasoned opening of `referral`; PermissionDenied for anyone else."""
    if not access.is_privacy_officer(user):
        raise PermissionDenied
    reason = reason.strip()
    if len(reason) < REASON_MIN_LENGTH:
        raise ValueError("A disclosure needs a reason.")
    return record_view(referral=referral, user=user, via=AccessChannel.DISCLOSURE, reason=reason[:REASON_MAX_LENGTH])
