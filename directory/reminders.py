"""The monthly reminder to clinic staff: confirm availability and listing details, in one click.

The email carries a signed link (no login needed, nothing about patients): it opens a page
with one "Still correct" button, so a mail scanner that follows links confirms nothing.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from config.users import is_active_user
from directory.models import Clinic, ClinicMembership

logger = logging.getLogger(__name__)

REMIND_EVERY_DAYS = 30
LINK_VALID_DAYS = 45
SALT = "directory.confirm-listing"


def confirmation_token(*, clinic_id: int, user_id: int) -> str:
    return signing.dumps({"c": clinic_id, "u": user_id}, salt=SALT, compress=True)


def read_confirmation_token(token: str) -> tuple[int, int] | None:
    """(clinic id, user id) of a link still valid, else None."""
    try:
        data = signing.loads(token, salt=SALT, max_age=datetime.timedelta(days=LINK_VALID_DAYS))
    except signing.BadSignature:  # also SignatureExpired
        return None
    if not isinstance(data, dict) or not isinstance(data.get("c"), int) or not isinstance(data.get("u"), int):
        return None
    return data["c"], data["u"]


def may_still_confirm(*, clinic: Clinic, user) -> bool:
    """The link's user is still active staff of the clinic."""
    return is_active_user(user) and ClinicMembership.objects.filter(clinic=clinic, user=user).exists()


def due_for_reminder(now: datetime.datetime):
    """Published clinics not reminded in the last 30 days."""
    since = now - datetime.timedelta(days=REMIND_EVERY_DAYS)
    return Clinic.objects.published().filter(
        Q(confirmation_reminded_at__isnull=True) | Q(confirmation_reminded_at__lt=since)
    )


def send_listing_reminders(*, now: datetime.datetime, dry_run: bool = False) -> tuple[int, int]:
    """Email every active staff member of each clinic due; returns (clinics, emails)."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    clinics = list(due_for_reminder(now).filter(memberships__user__in=users).distinct().order_by("pk"))
    sent = 0
    for clinic in clinics:
        members = users.filter(pk__in=ClinicMembership.objects.filter(clinic=clinic).values("user_id"))
        if dry_run:
            sent += members.count()
            continue
        # Recorded first, so a failing mail server cannot make the next run send twice.
        Clinic.objects.filter(pk=clinic.pk).update(confirmation_reminded_at=now)
        for user in members:
            try:
                sent += _send_reminder(clinic=clinic, user=user)
            except Exception:  # noqa: BLE001 - one refused address must not stop the others
                logger.warning("listing reminder for clinic %s not sent", clinic.slug, exc_info=True)
    return len(clinics), sent


def _send_reminder(*, clinic: Clinic, user) -> int:
    token = confirmation_token(clinic_id=clinic.pk, user_id=user.pk)
    context = {
        "clinic": clinic,
        "confirm_url": settings.SITE_URL + reverse("directory:confirm_listing", args=[token]),
        "admin_url": settings.SITE_URL + reverse("admin:directory_clinic_change", args=[clinic.pk]),
    }
    # Clinic staff get their notices in the site's language, as the referral emails do.
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Is your listing still correct?")
        body = render_to_string("emails/listing_reminder.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    return 1
