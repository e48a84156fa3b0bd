"""Ask clinic staff to confirm availability and listing details. Run daily from cron: each clinic hears once a month."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from directory.reminders import send_listing_reminders


class Command(BaseCommand):
    help = "Email clinic staff the monthly 'is your listing still correct?' reminder (at most once per 30 days)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Report what would be sent; send nothing.")

    def handle(self, *args, dry_run: bool, **options):
        clinics, emails = send_listing_reminders(now=timezone.now(), dry_run=dry_run)
        verb = "Would remind" if dry_run else "Reminded"
        self.stdout.write(f"{verb} {clinics} clinic(s) ({emails} email(s)).")
