"""Referral emails. They carry statuses and links only: never a patient's name, contact or answers."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from referrals.models import Referral, ReferralStatusChange
from referrals.workflow import PATIENT_WORDING, REDIRECTABLE, Status

logger = logging.getLogger(__name__)


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _send(*, template: str, subject: str, to: str, context: dict) -> bool:
    body = render_to_string(f"emails/{template}.txt", context)
    send_mail(str(subject), body, settings.DEFAULT_FROM_EMAIL, [to])
    return True


def _to_clinic(**kwargs) -> bool:
    """Clinic staff get their notices in the site's language, whichever language the sender used."""
    with translation.override(settings.LANGUAGE_CODE):
        kwargs["subject"] = _(kwargs["subject"])
        return _send(**kwargs)


def referral_admin_url(referral_id: int) -> str:
    return absolute(reverse("admin:referrals_referral_change", args=[referral_id]))


def _link_to_clinic(referral: Referral, *, template: str, subject: str) -> bool:
    """A notice to the receiving clinic: a link to the referral in the admin, nothing about the patient."""
    if not referral.clinic.referral_email:
        return False
    return _to_clinic(
        template=template,
        subject=subject,
        to=referral.clinic.referral_email,
        context={"clinic": referral.clinic, "referral_id": referral.pk, "admin_url": referral_admin_url(referral.pk)},
    )


def send_new_referral_notice(referral: Referral) -> bool:
    clinic = referral.clinic
    if not clinic.referral_email:
        logger.warning("referral %s: clinic %s has no referral email; notice not sent", referral.pk, clinic.slug)
        return False
    return _to_clinic(
        template="new_referral",
        subject=translation.gettext_noop("A new referral is waiting"),
        to=clinic.referral_email,
        context={
            "clinic": clinic,
            "admin_url": referral_admin_url(referral.pk),
            "high_priority": referral.high_priority,
        },
    )


def _to_party(referral: Referral, **kwargs) -> bool:
    """The patient and the referrer get their emails in the language the referral was sent in."""
    with translation.override(referral.language or settings.LANGUAGE_CODE):
        kwargs["subject"] = _(kwargs["subject"])
        return _send(**kwargs)


def send_status_change_notice(change: ReferralStatusChange) -> bool:
    """To the referrer if there is one (link to the referral's page), else to the patient (written to them)."""
    referral = change.referral
    context = {
        "referral_id": referral.pk,
        # Lazy: rendered in the referral's language below.
        "status": Status(change.to_status).label,
        "wording": PATIENT_WORDING[change.to_status],
        "redirectable": change.to_status in REDIRECTABLE,
    }
    if referral.referrer_id:
        to = referral.referrer.email
        template = "status_change_referrer"
        context["referral_url"] = absolute(reverse("referrals:detail", args=[referral.pk]))
    else:
        to = referral.patient_email
        template = "status_change_patient"
        context["lost_link_url"] = absolute(reverse("referrals:lost_link"))
    if not to:
        return False
    return _to_party(
        referral,
        template=template,
        subject=translation.gettext_noop("Your referral has a new status"),
        to=to,
        context=context,
    )


def send_tracking_link(referral: Referral, token: str, *, fresh: bool = False) -> bool:
    """The patient's tracking link, right after sending (or a fresh one asked for). The link only, no details."""
    if not referral.patient_email:
        return False
    try:
        return _to_party(
            referral,
            template="tracking_link",
            subject=translation.gettext_noop("Your new tracking link")
            if fresh
            else translation.gettext_noop("Your referral was sent: your tracking link"),
            to=referral.patient_email,
            context={
                "tracking_url": absolute(reverse("referrals:track", kwargs={"token": token})),
                "lost_link_url": absolute(reverse("referrals:lost_link")),
                "fresh": fresh,
            },
        )
    except Exception as exc:  # noqa: BLE001 - the referral is sent; the mail server's error may name the address
        logger.error("referral %s: tracking link email not sent (%s)", referral.pk, type(exc).__name__)
        return False


def send_reminder(*, clinic, referral_ids: list[int]) -> bool:
    if not clinic.referral_email:
        return False
    links = [referral_admin_url(pk) for pk in referral_ids]
    return _to_clinic(
        template="referral_reminder",
        subject=translation.gettext_noop("Referrals are waiting for you"),
        to=clinic.referral_email,
        context={"clinic": clinic, "count": len(referral_ids), "links": links},
    )


def send_unopened_to_referrer(referral: Referral) -> bool:
    """Once, when the clinic has not opened the referral within 2 business days. A link, no patient detail."""
    if not referral.referrer_id or not referral.referrer.email:
        return False
    return _to_party(
        referral,
        template="unopened_referrer",
        subject=translation.gettext_noop("The clinic has not opened your referral yet"),
        to=referral.referrer.email,
        context={
            "referral_id": referral.pk,
            "clinic": referral.clinic,
            "referral_url": absolute(reverse("referrals:detail", args=[referral.pk])),
        },
    )


def send_message_notice(message) -> bool:
    """A new message on a referral, to the other side: a link to read it, never the message or the patient."""
    referral = message.referral
    if message.author_role != "clinic":
        return _link_to_clinic(
            referral,
            template="message_to_clinic",
            subject=translation.gettext_noop("A new message about a referral"),
        )
    if referral.referrer_id:
        to, template = referral.referrer.email, "message_to_referrer"
        context = {
            "referral_id": referral.pk,
            "referral_url": absolute(reverse("referrals:detail", args=[referral.pk])),
        }
    else:
        to, template = referral.patient_email, "message_to_patient"
        context = {"lost_link_url": absolute(reverse("referrals:lost_link"))}
    if not to:
        return False
    context["clinic"] = referral.clinic
    return _to_party(
        referral,
        template=template,
        subject=translation.gettext_noop("The clinic sent you a message about your referral"),
        to=to,
        context=context,
    )


def send_packet_notice(referral: Referral) -> bool:
    """The referrer filled in (or changed) the coverage packet: a link for the clinic, no patient detail."""
    return _link_to_clinic(
        referral,
        template="packet_to_clinic",
        subject=translation.gettext_noop("A coverage packet was added to a referral"),
    )
