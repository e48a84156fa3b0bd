"""Queueing notifications so none is lost: with the referral's own write, and again when mail fails.

- `queue(task, *args)`: with a backend that stores tasks in the database, the task row is
  written in the current transaction, so a referral and its notice are saved together or
  not at all (enqueueing after commit could lose the notice if the process died between).
  Other backends (the immediate one of development) run it after commit, as before.
- `send_or_retry(...)`: a notice whose mail server refuses is queued again for later with
  a growing delay (1, 2, 4 … minutes, at most an hour apart, for about two days), then
  given up with an error in the log. Each task sends one message, so a retry never sends
  a message twice.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

RETRY_BASE_SECONDS = 60
RETRY_MAX_SECONDS = 3600
MAX_ATTEMPTS = 50  # 1+2+4+…+60 minutes: about two days of retrying
MAIL_ERRORS = (smtplib.SMTPException, OSError)


def queue(task, *args, **kwargs) -> None:
    if task.get_backend().supports_defer:  # the database backend: part of this transaction
        task.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(lambda: task.enqueue(*args, **kwargs))


def retry_delay(attempt: int) -> timedelta:
    return timedelta(seconds=min(RETRY_BASE_SECONDS * 2 ** (attempt - 1), RETRY_MAX_SECONDS))


def send_or_retry(task, send: Callable[[], bool], *args, attempt: int) -> bool:
    """send(); if the mail server refuses, queue `task(*args, attempt=attempt + 1)` for later and re-raise."""
    try:
        return send()
    except MAIL_ERRORS:
        backend = task.get_backend()
        if not backend.supports_defer or attempt >= MAX_ATTEMPTS:
            logger.error("%s%s: mail failed on attempt %d; not retried", task.name, args, attempt, exc_info=True)
            raise
        delay = retry_delay(attempt)
        task.using(run_after=timezone.now() + delay).enqueue(*args, attempt=attempt + 1)
        logger.warning("%s%s: mail failed on attempt %d; retrying in %s", task.name, args, attempt, delay)
        raise
