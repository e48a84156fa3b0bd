"""Load the fictional demo data and demo accounts. Safe to run again: nothing is duplicated."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone


class Command(BaseCommand):
    help = "Load the fictional demo clinics and the demo accounts (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic():
            call_command("loaddata", "demo_directory", verbosity=0)
            from directory.demo_dates import move_demo_dates

            # Availability, confirmations and verifications relative to today, so the demo never goes stale.
            move_demo_dates(now=timezone.now())
            from directory.demo_accounts import create_demo_accounts

            create_demo_accounts()
        self.stdout.write(self.style.SUCCESS("Demo data loaded (all clinics and people in it are fictional)."))
