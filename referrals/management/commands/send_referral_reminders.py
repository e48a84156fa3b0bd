"""Nudge clinics about referrals nobody has opened for 48 hours, and tell the referrer after 2 business days.

Safe to run from cron as often as you like (see docs/OPERATIONS.md).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from referrals.reminders import run_reminders


class Command(BaseCommand):
    help = (
        "Remind clinics of referrals not viewed within 48 hours (at most one reminder a day per referral), "
        "and tell the referrer once when a clinic has not opened a referral within 2 business days."
    )

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=48, help="Age after which an unopened referral is overdue.")
        parser.add_argument("--every", type=int, default=24, help="Hours to wait before reminding again.")
        parser.add_argument("--dry-run", action="store_true", help="Report what would be sent; send nothing.")

    def handle(self, *args, hours: int, every: int, dry_run: bool, **options):
        summary = run_reminders(hours=hours, every=every, dry_run=dry_run)
        verb = "Would remind" if dry_run else "Reminded"
        self.stdout.write(f"{verb} {summary.clinics} clinic(s) about {summary.clinic_referrals} referral(s).")
        verb = "Would tell" if dry_run else "Told"
        self.stdout.write(f"{verb} {summary.referrers_told} referrer(s) of a referral unopened for 2 business days.")
