"""Unit rules of referrals.notify: the retry delays, and a refused mail queued again (issue 13, mail fault)."""

from __future__ import annotations

import smtplib
from datetime import timedelta

import pytest

from referrals import notify


def test_delays_double_from_a_minute_up_to_an_hour():
    assert [notify.retry_delay(n) for n in (1, 2, 3, 7, 8, 40)] == [
        timedelta(minutes=1),
        timedelta(minutes=2),
        timedelta(minutes=4),
        timedelta(minutes=60),
        timedelta(minutes=60),
        timedelta(minutes=60),
    ]
    assert sum((notify.retry_delay(n) for n in range(1, notify.MAX_ATTEMPTS)), timedelta()) > timedelta(days=1.8)


class FakeTask:
    name = "fake_task"

    def __init__(self, *, supports_defer: bool):
        self.backend = type("Backend", (), {"supports_defer": supports_defer})()
        self.queued = []

    def get_backend(self):
        return self.backend

    def using(self, *, run_after):
        self.run_after = run_after
        return self

    def enqueue(self, *args, **kwargs):
        self.queued.append((args, kwargs))


def refused():
    raise smtplib.SMTPConnectError(421, "try later")


def test_a_refused_mail_is_queued_again_with_the_next_attempt():
    task = FakeTask(supports_defer=True)
    with pytest.raises(smtplib.SMTPConnectError):
        notify.send_or_retry(task, refused, 7, attempt=3)
    assert task.queued == [((7,), {"attempt": 4})]


def test_without_a_queue_that_can_wait_or_after_the_last_attempt_it_is_not_retried():
    for task, attempt in ((FakeTask(supports_defer=False), 1), (FakeTask(supports_defer=True), notify.MAX_ATTEMPTS)):
        with pytest.raises(smtplib.SMTPConnectError):
            notify.send_or_retry(task, refused, 7, attempt=attempt)
        assert task.queued == []


def test_a_sent_mail_is_not_queued_again():
    task = FakeTask(supports_defer=True)
    assert notify.send_or_retry(task, lambda: True, 7, attempt=1) is True
    assert task.queued == []
