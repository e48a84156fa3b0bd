"""python manage.py import_clinics FILE.csv [--dry-run]: the columns are documented in directory/importing.py."""

from django.core.management.base import BaseCommand, CommandError

from directory.importing import IMPORT_COLUMNS, REQUIRED_COLUMNS, import_clinics_csv


class Command(BaseCommand):
    help = (
        "Create or update clinics (by slug) from a UTF-8 CSV file. Every bad row is reported with its line "
        f"number; good rows are saved. Required columns: {', '.join(REQUIRED_COLUMNS)}. "
        f"All columns: {', '.join(IMPORT_COLUMNS)}."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the CSV file.")
        parser.add_argument("--dry-run", action="store_true", help="Check every row and report, but save nothing.")

    def handle(self, *args, file, dry_run, **options):
        try:
            with open(file, "rb") as handle:
                report = import_clinics_csv(file=handle, dry_run=dry_run)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        for error in report.errors:
            self.stderr.write(str(error))
        style = self.style.SUCCESS if report.ok else self.style.WARNING
        self.stdout.write(style(report.summary()))
        if not report.ok:
            # A non-zero exit lets scripts notice bad rows; the good ones are saved all the same.
            raise SystemExit(1)
