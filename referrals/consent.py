"""The consent wording a person agrees to when a referral is sent. Saved referrals keep the version."""

from django.utils.translation import gettext as _

# The Spanish wording translates the same version: a change of meaning bumps the version in both.
CONSENT_TEXT_VERSION = "2026-11-23"


def consent_label(*, clinic_name: str, on_behalf: bool) -> str:
    if on_behalf:
        text = _(
            "The patient agreed that their name, contact details, pre-screen answers and this note "
            "are sent to %(clinic)s, so the clinic can contact them about treatment."
        )
    else:
        text = _(
            "I agree that my name, contact details, pre-screen answers and note are sent to %(clinic)s, "
            "so the clinic can contact me about treatment."
        )
    return text % {"clinic": clinic_name}
