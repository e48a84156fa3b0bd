"""Recompute every clinic's referral responsiveness over the last 90 days. Run daily from cron."""

from django.core.management.base import BaseCommand

from referrals.responsiveness import refresh_all


class Command(BaseCommand):
    help = (
        "Recompute how fast each clinic answers referrals (last 90 days); status changes keep it current between runs."
    )

    def handle(self, *args, **options):
        count = refresh_all()
        self.stdout.write(f"Refreshed the responsiveness of {count} clinic(s).")
