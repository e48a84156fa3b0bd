"""Apply the retention policy (docs/OPERATIONS.md). Run daily from cron; a second run changes nothing."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from referrals.retention import purge_referrals

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Anonymise finished referrals (treated, declined, no capacity, closed) whose last status change is older "
        "than REFERRAL_RETENTION_DAYS, and delete expired sessions."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"Override REFERRAL_RETENTION_DAYS (now {settings.REFERRAL_RETENTION_DAYS}).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Count what would change; change nothing.")

    def handle(self, *args, days: int | None, dry_run: bool, **options):
        if days is not None and days < 1:
            raise CommandError("--days must be at least 1.")
        report = purge_referrals(now=timezone.now(), days=days, dry_run=dry_run)
        verb = "Would anonymise" if dry_run else "Anonymised"
        sessions = "would delete" if dry_run else "deleted"
        message = (
            f"{verb} {report.anonymised} referral(s); {sessions} {report.expired_sessions} expired session(s). "
            "No unsent or unconsented referral data is stored, so there is none to delete."
        )
        logger.info("purge_referrals: %s", message)
        self.stdout.write(message)
