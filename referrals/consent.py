"""The consent wording a person agrees to when a referral is sent. Saved referrals keep the version."""

CONSENT_TEXT_VERSION = "2026-11-23"


def consent_label(*, clinic_name: str, on_behalf: bool) -> str:
    if on_behalf:
        return (
            f"The patient agreed that their name, contact details, pre-screen answers and this note "
            f"are sent to {clinic_name}, so the clinic can contact them about treatment."
        )
    return (
        f"I agree that my name, contact details, pre-screen answers and note are sent to {clinic_name}, "
        f"so the clinic can contact me about treatment."
    )
