"""Add N synthetic, clearly fictional clinics over real US ZIP centroids, for benchmarks."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from directory.bulk_insert import ClinicWriter, foreign_keys_checked_at_the_end, next_number
from directory.listing_version import listings_changed
from directory.search import fulltext
from directory.synthetic import synthetic_clinics

BATCH_SIZE = 20_000


class Command(BaseCommand):
    help = (
        "Add N synthetic clinics (names end in '(fictional)', slugs start 'syn-<seed>-') spread over real US ZIP "
        "centroids, weighted towards big cities. The same seed gives the same clinics; running it again adds more."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True, help="How many clinics to add (1 to 5,000,000).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed; the same seed gives the same clinics.")

    def handle(self, *args, count: int, seed: int, **options):
        if not 1 <= count <= 5_000_000:
            raise CommandError("--count must be between 1 and 5,000,000.")
        if seed < 0:
            raise CommandError("--seed must be 0 or more.")
        started = time.monotonic()
        with transaction.atomic():
            if connection.vendor == "sqlite":
                # A bigger page cache keeps index updates in memory during the bulk insert.
                with connection.cursor() as cursor:
                    cursor.execute("PRAGMA cache_size = -262144")
            start = next_number(seed=seed)
            writer = ClinicWriter()
            with foreign_keys_checked_at_the_end(writer.models_touched), fulltext.bulk_load():
                batch = []
                for clinic in synthetic_clinics(count=count, seed=seed, start=start):
                    batch.append(clinic)
                    if len(batch) == BATCH_SIZE:
                        writer.write(batch)
                        batch = []
                        if options["verbosity"] > 1:
                            self.stdout.write(f"  {writer.next_id - 1:,} …")
                writer.write(batch)
            writer.finish()
            listings_changed()  # the bulk SQL sends no model signals
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # Index-only scans (counting clinics near a place) need the visibility map VACUUM writes, and
            # the planner the statistics of every table written (the lookups, hours and the keyword index
            # as much as the clinics); VACUUM cannot run inside a transaction (as in tests), where it is skipped.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Added {count:,} synthetic clinics (syn-{seed}-{start:07d} to syn-{seed}-{start + count - 1:07d}) "
                f"in {elapsed:.1f} s."
            )
        )
