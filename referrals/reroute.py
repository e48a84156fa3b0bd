"""Re-routing: after a decline or 'no capacity', the same referral sent on to another clinic that fits.

The next clinics are judged on the STORED answers (nothing is asked again); the person
agrees anew to their details going to the clinic named; the new referral links to the old
one, and each referral is sent on at most once (a one-to-one link).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from referrals.consent import consent_label
from referrals.models import Referral
from referrals.routing import route
from referrals.screening import InvalidAnswers, evaluate_prescreen
from referrals.services import ReferralRefused, create_referral
from referrals.workflow import REDIRECTABLE

ALTERNATIVES_RADIUS_MILES = 100
ALTERNATIVES_LIMIT = 5


def alternatives_for(referral: Referral):
    """The next nearest clinics that fit, judged again from the stored answers."""
    try:
        # Judged again under today's rules: an older referral's saved judgement may rest on rules since corrected.
        result = evaluate_prescreen(referral.answers, accept_ruleset_1=True)
    except InvalidAnswers:  # saved under rule set 1 without an answer rule set 2 requires (suicide_behavior)
        return []
    return route(
        result=result,
        condition=referral.answers.get("condition", ""),
        point=referral.clinic.point,
        radius_miles=ALTERNATIVES_RADIUS_MILES,
        limit=ALTERNATIVES_LIMIT,
        exclude_ids=[referral.clinic_id],
    )


def already_rerouted(referral: Referral) -> bool:
    return Referral.objects.filter(rerouted_from=referral).exists()


def can_reroute(referral: Referral) -> bool:
    return referral.status in REDIRECTABLE and referral.anonymised_at is None and not already_rerouted(referral)


def chain(referral: Referral) -> list[Referral]:
    """Every referral of the chain this one belongs to, first sent first."""
    first = referral
    seen = {first.pk}
    while first.rerouted_from_id and first.rerouted_from_id not in seen:
        first = Referral.objects.select_related("clinic").get(pk=first.rerouted_from_id)
        seen.add(first.pk)
    items = [first]
    while (following := Referral.objects.select_related("clinic").filter(rerouted_from=items[-1]).first()) is not None:
        items.append(following)
    return items


def reroute(*, referral: Referral, clinic_slug: str, consent: bool) -> tuple[Referral, str]:
    """Send `referral` on to the clinic `clinic_slug`, one of its alternatives. Returns (new referral, token).

    Raises ConsentRequired without consent and ReferralRefused when it cannot be sent on.
    """
    if not can_reroute(referral):
        raise ReferralRefused(_("This referral cannot be sent to another clinic."))
    clinic = next((item.clinic for item in alternatives_for(referral) if item.clinic.slug == clinic_slug), None)
    if clinic is None:
        raise ReferralRefused(_("Please choose one of the clinics listed."), field="clinic")
    patient = {
        "first_name": referral.patient_first_name,
        "last_name": referral.patient_last_name,
        "email": referral.patient_email,
        "phone": referral.patient_phone,
        "preferred_contact": referral.preferred_contact,
    }
    try:
        with transaction.atomic():
            Referral.objects.select_for_update().get(pk=referral.pk)
            if already_rerouted(referral):
                raise ReferralRefused(_("This referral was already sent to another clinic."))
            new, token = create_referral(
                answers=referral.answers,
                clinic=clinic,
                patient=patient,
                consent=consent,
                note=referral.note,
                referrer=referral.referrer,
            )
            new.rerouted_from = referral
            new.save(update_fields=["rerouted_from"])
    except InvalidAnswers:
        raise ReferralRefused(
            _("These answers were saved under older rules: please take the pre-screen again.")
        ) from None
    except IntegrityError:  # a twin request sent it on first
        raise ReferralRefused(_("This referral was already sent to another clinic.")) from None
    return new, token


def offers(referral: Referral, *, on_behalf: bool) -> list[dict]:
    """The alternatives, each with the consent wording that names that clinic."""
    return [
        {"item": item, "consent": consent_label(clinic_name=item.clinic.name, on_behalf=on_behalf)}
        for item in alternatives_for(referral)
    ]
