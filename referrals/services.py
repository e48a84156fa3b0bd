"""Creating referrals and moving them through their statuses. Every write goes through here."""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from directory.models import Clinic
from referrals import notify
from referrals.consent import CONSENT_TEXT_VERSION
from referrals.models import Referral, ReferralStatusChange, hash_secret
from referrals.responsiveness import ANSWER_STATUSES, refresh_clinic
from referrals.routing import clinic_fits
from referrals.screening import evaluate_prescreen
from referrals.workflow import Status, can_transition

logger = logging.getLogger(__name__)


class ReferralRefused(Exception):
    """Well-formed, but the rules do not allow it (the API answers 422)."""

    def __init__(self, message: str, *, field: str = "__all__"):
        super().__init__(message)
        self.message = message
        self.field = field


class ConsentRequired(ReferralRefused):
    """No consent: bad input (the API answers 400)."""

    def __init__(self):
        super().__init__(_("Consent is required to send your details to the clinic."), field="consent")


class InvalidTransition(ValueError):
    pass


def _fingerprint(*, answers: Mapping[str, Any], clinic: Clinic, patient: Mapping[str, str], note: str) -> str:
    """Identifies a submission, so a reused Idempotency-Key with a different body is refused."""
    body = json.dumps([answers, clinic.pk, patient, note], sort_keys=True, default=str)
    return hashlib.sha256(body.encode()).hexdigest()


def _replay(*, referrer, idempotency_key: str, fingerprint: str) -> Referral | None:
    existing = Referral.objects.filter(referrer=referrer, idempotency_key=idempotency_key).first()
    if existing is None:
        return None
    if existing.request_fingerprint != fingerprint:
        raise ReferralRefused(
            _("This Idempotency-Key was already used for a different referral."), field="idempotency_key"
        )
    return existing


def sender_language() -> str:
    """The language the referral is being sent in (the page's or the API request's), if the site has it."""
    language = (translation.get_language() or "").split("-")[0]
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def create_referral(
    *,
    answers: Mapping[str, Any],
    clinic: Clinic,
    patient: Mapping[str, str],
    consent: bool,
    note: str = "",
    referrer=None,
    idempotency_key: str | None = None,
) -> tuple[Referral, str | None]:
    """Send a referral to `clinic`. Returns (referral, tracking token).

    The token is returned once and only its hash is kept. With an `idempotency_key`
    seen before (same referrer, same body) the earlier referral comes back with
    token None instead of a duplicate. Raises ConsentRequired, ReferralRefused,
    InvalidAnswers, or ValidationError (bad contact details).
    """
    if consent is not True:
        raise ConsentRequired()
    # The stored findings are read by the clinic's staff: keep them in the site's language, whatever the sender's.
    with translation.override(settings.LANGUAGE_CODE):
        result = evaluate_prescreen(answers)
    if not result.is_routable:
        raise ReferralRefused(
            _("The pre-screen answers do not allow a referral. If you are in danger, call 911 or call or text 988."),
            field="answers",
        )
    if not (clinic.published and clinic.accepts_referrals):
        raise ReferralRefused(_("This clinic does not take referrals through this site."), field="clinic")
    if not clinic_fits(clinic=clinic, result=result, condition=answers.get("condition", "")):
        raise ReferralRefused(
            _(
                "This clinic does not fit the pre-screen: it must take new patients, treat the condition named, and "
                "offer a treatment the answers allow."
            ),
            field="clinic",
        )
    patient = {key: (patient.get(key) or "").strip() for key in ("first_name", "last_name", "email", "phone")} | {
        "preferred_contact": patient.get("preferred_contact") or ""
    }
    fingerprint = _fingerprint(answers=answers, clinic=clinic, patient=patient, note=note)
    if idempotency_key:
        existing = _replay(referrer=referrer, idempotency_key=idempotency_key, fingerprint=fingerprint)
        if existing:
            return existing, None

    token = secrets.token_urlsafe(32)
    now = timezone.now()
    referral = Referral(
        clinic=clinic,
        answers=dict(answers),
        ruleset_version=result.ruleset_version,
        outcome=result.outcome,
        treatment_outcomes=result.treatment_outcomes,
        findings={"reasons": [f.as_dict() for f in result.reasons], "flags": [f.as_dict() for f in result.flags]},
        high_priority=result.high_priority,
        referrer=referrer,
        patient_first_name=patient["first_name"],
        patient_last_name=patient["last_name"],
        patient_email=patient["email"],
        patient_phone=patient["phone"],
        preferred_contact=patient["preferred_contact"],
        note=note.strip(),
        language=sender_language(),
        consent_given_at=now,
        consent_text_version=CONSENT_TEXT_VERSION,
        tracking_token_hash=hash_secret(token),
        idempotency_key=idempotency_key or None,
        request_fingerprint=fingerprint if idempotency_key else "",
    )
    # The idempotency constraints are left to the database: a concurrent twin that committed
    # since _replay() looked must land in the IntegrityError branch below (a replay), not fail
    # validation with a 400 that would make the client send again under a new key.
    referral.full_clean(validate_constraints=False)
    from referrals.tasks import notify_clinic_new_referral

    try:
        with transaction.atomic():
            referral.save()
            ReferralStatusChange.objects.create(
                referral=referral, from_status="", to_status=Status.SENT, by=referrer, at=now
            )
            notify.queue(notify_clinic_new_referral, referral.pk)
    except IntegrityError:
        # A concurrent request with the same key won the race: answer as a replay.
        if idempotency_key:
            existing = _replay(referrer=referrer, idempotency_key=idempotency_key, fingerprint=fingerprint)
            if existing:
                return existing, None
        raise
    logger.info("referral %s sent to clinic %s", referral.pk, clinic.slug)
    _refresh_responsiveness_on_commit(referral.clinic_id)
    # The raw token exists only now: the patient's copy of the link is emailed at once, never queued.
    from referrals.emails import send_tracking_link

    transaction.on_commit(lambda: send_tracking_link(referral, token), robust=True)
    return referral, token


def _refresh_responsiveness_on_commit(clinic_id: int) -> None:
    # After commit, and robust: a failed refresh must not undo a referral (the daily command catches up).
    transaction.on_commit(lambda: refresh_clinic(clinic_id), robust=True)


def change_status(*, referral: Referral, to_status: str, by=None, note: str = "") -> ReferralStatusChange:
    """Move `referral` to `to_status` and append the change to its history (and queue its notice)."""
    from referrals.tasks import notify_status_change

    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        if not can_transition(locked.status, to_status):
            raise InvalidTransition(
                f"A referral cannot go from {Status(locked.status).label!r} to {Status(to_status).label!r}."
                if to_status in Status.values
                else f"Unknown status {to_status!r}."
            )
        now = timezone.now()
        change = ReferralStatusChange.objects.create(
            referral=locked, from_status=locked.status, to_status=to_status, by=by, note=note.strip(), at=now
        )
        locked.status = to_status
        fields = ["status", "updated_at"]
        if to_status == Status.VIEWED and locked.viewed_at is None:
            locked.viewed_at, locked.viewed_by = now, by
            fields += ["viewed_at", "viewed_by"]
        locked.save(update_fields=fields)
        notify.queue(notify_status_change, change.pk)
    for name in fields:
        setattr(referral, name, getattr(locked, name))
    logger.info("referral %s: %s -> %s", referral.pk, change.from_status, to_status)
    if to_status in ANSWER_STATUSES:
        _refresh_responsiveness_on_commit(referral.clinic_id)
    return change


def mark_viewed(*, referral: Referral, by) -> bool:
    """The receiving clinic opened the referral: `sent` → `viewed`, once. True if it changed."""
    if referral.status != Status.SENT:
        return False
    try:
        change_status(referral=referral, to_status=Status.VIEWED, by=by, note="Opened by the clinic.")
    except InvalidTransition:  # someone else moved it on in the meantime
        return False
    return True
