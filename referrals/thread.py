"""Messages on a referral: an append-only thread between the party who sent it and the receiving clinic.

The party is the referrer when a referrer sent it, else the patient (through the tracking
link). Site staff never read the bodies. Each new message emails the other side a link,
never the message or anything about the patient (referrals.emails.send_message_notice).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from referrals import notify
from referrals.models import MESSAGE_MAX_LENGTH, MessageAuthor, Referral, ReferralMessage

# Per referral and side: at most this many messages an hour (each one emails the other side).
MESSAGES_PER_HOUR = 10


class MessageRefused(Exception):
    """A message that cannot be posted; `status` is the HTTP answer (400, 403, 422, 429)."""

    def __init__(self, message: str, *, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


def sender_side(referral: Referral) -> str:
    """Who talks with the clinic about this referral: its referrer, or the patient of a self-referral."""
    return MessageAuthor.REFERRER if referral.referrer_id else MessageAuthor.PATIENT


def clean_body(body: str) -> str:
    """The message as it will be stored; raises MessageRefused (400) if empty, too long or holding a NUL character.

    PostgreSQL refuses NUL in text, so it must be a clear 400 here, never a database error.
    """
    text = (body or "").replace("\r\n", "\n").strip()
    if "\x00" in text:
        raise MessageRefused(_("Remove the NUL character from the message."))
    if not text:
        raise MessageRefused(_("Write a message first."))
    if len(text) > MESSAGE_MAX_LENGTH:
        raise MessageRefused(
            _("Keep the message under %(count)d characters (it has %(length)d).")
            % {"count": MESSAGE_MAX_LENGTH, "length": len(text)}
        )
    return text


def _check_may_post(referral: Referral, role: str, *, now: datetime) -> None:
    if referral.anonymised_at is not None:
        raise MessageRefused(_("This referral's details were erased under the retention policy."), status=422)
    recent = ReferralMessage.objects.filter(referral=referral, author_role=role, at__gte=now - timedelta(hours=1))
    if recent.count() >= MESSAGES_PER_HOUR:
        raise MessageRefused(_("Too many messages in an hour; please try again later."), status=429)


def post_message(*, referral: Referral, body: str, role: str, author=None) -> ReferralMessage:
    """Append a message by `role` (referrer, patient or clinic; `author` is the account, None for the patient)."""
    from referrals.tasks import notify_new_message

    if role not in (MessageAuthor.CLINIC, sender_side(referral)):
        raise MessageRefused(
            _("Messages about this referral go between the referrer who sent it and the clinic."), status=403
        )
    text = clean_body(body)
    now = timezone.now()
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        _check_may_post(locked, role, now=now)
        message = ReferralMessage.objects.create(
            referral=locked,
            author_role=role,
            author=author,
            author_username=author.get_username() if author is not None else "",
            body=text,
            at=now,
        )
        notify.queue(notify_new_message, message.pk)
    return message


@dataclass(frozen=True)
class ThreadItem:
    who: str
    at: datetime
    body: str
    mine: bool
    role: str


def thread(referral: Referral, *, viewer_role: str) -> list[ThreadItem]:
    """The messages, oldest first, worded for the sender's page (the clinic's staff are not named there)."""
    names = {
        MessageAuthor.CLINIC: referral.clinic.name,
        MessageAuthor.REFERRER: _("The referrer"),
        MessageAuthor.PATIENT: _("The patient"),
    }
    return [
        ThreadItem(
            who=_("You") if message.author_role == viewer_role else str(names[message.author_role]),
            at=message.at,
            body=message.body,
            mine=message.author_role == viewer_role,
            role=message.author_role,
        )
        for message in referral.messages.all()
    ]


def page_context(
    referral: Referral, *, viewer_role: str, post_url: str, may_write: bool = True, error: str = "", draft: str = ""
) -> dict:
    """What the referral page and the tracking page need to show the thread and its form."""
    shown = viewer_role == sender_side(referral)
    return {
        "show_messages": shown,
        "messages_thread": thread(referral, viewer_role=viewer_role) if shown else [],
        "may_message": shown and may_write and referral.anonymised_at is None,
        "message_url": post_url,
        "message_error": error,
        "message_draft": draft,
        "message_max_length": MESSAGE_MAX_LENGTH,
    }
