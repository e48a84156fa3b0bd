"""Background notifications (django-tasks: immediate by default, a database worker in production).

Tasks take ids only, so nothing personal is written into a task queue. Each sends one
message; when the mail server refuses, referrals.notify queues the task again for later.
"""

from __future__ import annotations

from django_tasks import task

from directory.models import Clinic
from referrals import emails
from referrals.models import Referral, ReferralStatusChange
from referrals.notify import send_or_retry


@task()
def notify_clinic_new_referral(referral_id: int, attempt: int = 1) -> bool:
    referral = Referral.objects.select_related("clinic").filter(pk=referral_id).first()
    if referral is None:
        return False
    send = lambda: emails.send_new_referral_notice(referral)  # noqa: E731
    return send_or_retry(notify_clinic_new_referral, send, referral_id, attempt=attempt)


@task()
def notify_status_change(status_change_id: int, attempt: int = 1) -> bool:
    change = (
        ReferralStatusChange.objects.select_related("referral", "referral__referrer")
        .filter(pk=status_change_id)
        .first()
    )
    if change is None:
        return False
    send = lambda: emails.send_status_change_notice(change)  # noqa: E731
    return send_or_retry(notify_status_change, send, status_change_id, attempt=attempt)


@task()
def remind_clinic(clinic_id: int, referral_ids: list[int], attempt: int = 1) -> bool:
    clinic = Clinic.objects.filter(pk=clinic_id).first()
    if clinic is None:
        return False
    send = lambda: emails.send_reminder(clinic=clinic, referral_ids=referral_ids)  # noqa: E731
    return send_or_retry(remind_clinic, send, clinic_id, referral_ids, attempt=attempt)


@task()
def send_fresh_tracking_links(referral_ids: list[int]) -> int:
    """'Lost your link?': the new token is made here, so it never sits in the queue."""
    from referrals.lost_link import send_fresh_links

    return send_fresh_links(referral_ids)


@task()
def tell_referrer_unopened(referral_id: int) -> bool:
    referral = Referral.objects.select_related("referrer", "clinic").filter(pk=referral_id).first()
    return bool(referral) and emails.send_unopened_to_referrer(referral)


@task()
def send_reminders() -> int:
    """The reminders as a periodic task, for a scheduler that enqueues tasks rather than running cron."""
    from referrals.reminders import run_reminders

    summary = run_reminders()
    return summary.clinic_referrals + summary.referrers_told


@task()
def notify_new_message(message_id: int, attempt: int = 1) -> bool:
    from referrals.models import ReferralMessage

    message = (
        ReferralMessage.objects.select_related("referral", "referral__clinic", "referral__referrer")
        .filter(pk=message_id)
        .first()
    )
    if message is None:
        return False
    send = lambda: emails.send_message_notice(message)  # noqa: E731
    return send_or_retry(notify_new_message, send, message_id, attempt=attempt)


@task()
def notify_clinic_packet(referral_id: int, attempt: int = 1) -> bool:
    referral = Referral.objects.select_related("clinic").filter(pk=referral_id).first()
    if referral is None:
        return False
    send = lambda: emails.send_packet_notice(referral)  # noqa: E731
    return send_or_retry(notify_clinic_packet, send, referral_id, attempt=attempt)
