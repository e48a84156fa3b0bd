"""Nudge clinics about referrals nobody has opened for 48 hours. Safe to run from cron as often as you like."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from referrals.models import Referral
from referrals.tasks import remind_clinic
from referrals.workflow import Status


class Command(BaseCommand):
    help = "Remind clinics of referrals not viewed within 48 hours (at most one reminder a day per referral)."

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=48, help="Age after which an unopened referral is overdue.")
        parser.add_argument("--every", type=int, default=24, help="Hours to wait before reminding again.")
        parser.add_argument("--dry-run", action="store_true", help="Report what would be sent; send nothing.")

    def handle(self, *args, hours: int, every: int, dry_run: bool, **options):
        now = timezone.now()
        due = Referral.objects.filter(status=Status.SENT, created_at__lte=now - timedelta(hours=hours)).filter(
            Q(last_reminded_at__isnull=True) | Q(last_reminded_at__lte=now - timedelta(hours=every))
        )
        by_clinic: dict[int, list[int]] = defaultdict(list)
        for referral_id, clinic_id in due.order_by("clinic_id", "id").values_list("id", "clinic_id"):
            by_clinic[clinic_id].append(referral_id)
        for clinic_id, referral_ids in by_clinic.items():
            if dry_run:
                continue
            # Record first, so a failing mail server cannot make the next run send twice.
            Referral.objects.filter(pk__in=referral_ids).update(last_reminded_at=now)
            remind_clinic.enqueue(clinic_id, referral_ids)
        total = sum(len(ids) for ids in by_clinic.values())
        verb = "Would remind" if dry_run else "Reminded"
        self.stdout.write(f"{verb} {len(by_clinic)} clinic(s) about {total} referral(s).")
