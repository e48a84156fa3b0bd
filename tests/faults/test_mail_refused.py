"""Fault: the mail server refuses. Notifications stay queued and are sent when it returns: none lost, none twice.

The database task backend and a real SMTP conversation (tests/faults/smtp.py, refusing
with 421 and then accepting); `manage.py db_worker --batch` runs the queue as production's
worker would (inside the test's transaction, so without its connection clean-up). The
wait between retries (a minute, then more) is skipped by moving the retries' run_after
to now, as the clock would.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from referrals.models import Referral
from referrals.services import change_status, create_referral
from tests.factories import ClinicFactory
from tests.faults.smtp import FakeSMTPServer
from tests.referrals.helpers import ALL_TREATMENTS, PATIENT, suitable_answers

pytestmark = [pytest.mark.faults, pytest.mark.django_db]

READY = "READY"


@pytest.fixture
def smtp():
    server = FakeSMTPServer()
    yield server
    server.close()


@pytest.fixture
def queued_mail(settings, smtp):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", smtp.port, 5
    return smtp  # django-tasks resets its backends itself when TASKS changes


@pytest.fixture(autouse=True)
def worker_keeps_the_test_connection(monkeypatch):
    """The worker drops stale connections between tasks; here that would end the test's transaction."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)


def wait_is_over() -> int:
    """The retry delay passes: queued retries become due."""
    return DBTaskResult.objects.filter(status=READY).update(run_after=timezone.now())


@pytest.fixture
def referral_clinic():
    return ClinicFactory(
        accepts_referrals=True,
        referral_email="intake@example.org",
        treatments=ALL_TREATMENTS,
        conditions=["depression"],
    )


def test_refused_mail_stays_queued_and_is_sent_once_when_the_server_returns(queued_mail, referral_clinic, capsys):
    smtp = queued_mail
    smtp.refusing = True
    referrals = [
        create_referral(answers=suitable_answers(), clinic=referral_clinic, patient=PATIENT, consent=True)[0]
        for _ in range(3)
    ]
    change_status(referral=referrals[0], to_status="contacted")  # a notice to the patient too
    # Written with the referrals, in their transactions: four notices waiting.
    assert DBTaskResult.objects.filter(status=READY).count() == 4

    run_worker()
    assert smtp.refused >= 4 and smtp.received == []
    failed = DBTaskResult.objects.filter(status="FAILED").count()
    waiting = DBTaskResult.objects.filter(status=READY, run_after__gt=timezone.now())
    assert failed == 4 and waiting.count() == 4, "each refused notice is queued again for later"
    assert {row.args_kwargs["kwargs"]["attempt"] for row in waiting} == {2}

    wait_is_over()
    run_worker()  # still refused: queued again, nothing lost
    assert DBTaskResult.objects.filter(status=READY).count() == 4 and smtp.received == []

    smtp.refusing = False
    wait_is_over()
    run_worker()
    assert len(smtp.received) == 4
    assert DBTaskResult.objects.filter(status=READY).count() == 0
    subjects = sorted(line for message in smtp.received for line in message.splitlines() if line.startswith("Subject:"))
    assert subjects.count("Subject: A new referral is waiting") == 3
    assert subjects.count("Subject: Your referral has a new status") == 1

    wait_is_over()
    run_worker()  # nothing left to send: nothing is sent twice
    assert len(smtp.received) == 4
    for message in smtp.received:  # and no patient detail travelled by e-mail
        assert PATIENT["last_name"] not in message and PATIENT["email"].split("@")[0] not in message.split("To:")[0]
    assert Referral.objects.count() == 3
    with capsys.disabled():
        print(
            f"\nfault mail-refused: 4 notices, {smtp.refused} refused deliveries over 2 worker runs, "
            f"all 4 queued again each time (attempts 2 and 3), 4 sent once when the server returned, 0 lost, 0 twice"
        )


def test_a_referral_and_its_notice_are_written_together_or_not_at_all(queued_mail, referral_clinic):
    from django.db import transaction

    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        create_referral(answers=suitable_answers(), clinic=referral_clinic, patient=PATIENT, consent=True)
        assert DBTaskResult.objects.count() == 1  # queued inside the referral's own transaction
        raise Abort
    assert Referral.objects.count() == 0 and DBTaskResult.objects.count() == 0
