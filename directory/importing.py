"""Import clinics from a CSV file: create or update by slug, report every bad row, keep every good one.

The file is UTF-8 (a byte-order mark is fine) with a header line naming the
columns. Required columns: name, slug, city, state, zip_code. Optional:

- street_address, phone, email, website, description, medical_director,
  medical_director_credential, referral_email: text;
- latitude, longitude: decimal degrees, both or neither; empty places the
  clinic at its ZIP code's centre;
- price_from, price_to: whole US dollars;
- accepting_new_patients, telehealth, accepts_referrals, rems_certified,
  published: true/false (also yes/no, 1/0); empty means the usual default;
- treatments, conditions, payment_options: slugs separated by semicolons,
  languages: ISO 639-1 codes separated by semicolons (e.g. "en;es").

verified and verified_at (written by the CSV export) are accepted and ignored:
only site staff verify listings, in the admin. On update, columns missing from
the file leave those fields as they are. Cities missing from the directory are
created from city + state (slug "name-st"). Each row is saved in its own
savepoint, so a bad row never loses a good one; a dry run checks everything
and saves nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from directory import geo
from directory.listing_version import listings_changed
from directory.models import City, Clinic, Condition, Language, PaymentOption, Treatment
from directory.models.history import one_history_record
from directory.placement import needs_geocoding, place_at_zip_centre

REQUIRED_COLUMNS = ("name", "slug", "city", "state", "zip_code")
TEXT_COLUMNS = (
    "street_address",
    "phone",
    "email",
    "website",
    "description",
    "medical_director",
    "medical_director_credential",
    "referral_email",
)
COORDINATE_COLUMNS = ("latitude", "longitude")
PRICE_COLUMNS = ("price_from", "price_to")
BOOLEAN_COLUMNS = ("accepting_new_patients", "telehealth", "accepts_referrals", "rems_certified", "published")
M2M_COLUMNS = {  # column → (model, its key field, name in messages)
    "treatments": (Treatment, "slug", "treatment"),
    "conditions": (Condition, "slug", "condition"),
    "payment_options": (PaymentOption, "slug", "payment option"),
    "languages": (Language, "code", "language code"),
}
IGNORED_COLUMNS = ("verified", "verified_at")
IMPORT_COLUMNS = (
    REQUIRED_COLUMNS + TEXT_COLUMNS + COORDINATE_COLUMNS + PRICE_COLUMNS + BOOLEAN_COLUMNS + tuple(M2M_COLUMNS)
)
KNOWN_COLUMNS = frozenset(IMPORT_COLUMNS + IGNORED_COLUMNS)
TRUE_WORDS = frozenset({"true", "yes", "y", "1", "t"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", "f"})


@dataclass(frozen=True)
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class ImportReport:
    dry_run: bool
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        verb = "would be" if self.dry_run else "were"
        text = f"{len(self.created)} clinics {verb} created, {len(self.updated)} {verb} updated"
        text += f", {len(self.unchanged)} unchanged"
        text += f", {len(self.errors)} problems found." if self.errors else "."
        return text + (" Dry run: nothing was saved." if self.dry_run else "")


class RowProblem(ValueError):
    """One or more reasons a row cannot be imported."""


def import_clinics_csv(*, file: BinaryIO, dry_run: bool = False) -> ImportReport:
    """Import the CSV in `file` (opened in binary mode). Never raises for bad content."""
    report = ImportReport(dry_run=dry_run)
    raw = file.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        report.errors.append(RowError(line, "the file is not UTF-8 text. Save it as 'CSV UTF-8' and try again."))
        return report
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as error:
        report.errors.append(RowError(1, f"the header could not be read ({error})."))
        return report
    columns, problem = _check_header(header)
    if problem:
        report.errors.append(RowError(1, problem))
        return report
    with transaction.atomic():
        _import_rows(reader, columns, report)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _check_header(header: list[str] | None) -> tuple[list[str], str | None]:
    if not header or not any(cell.strip() for cell in header):
        return [], "the file is empty; its first line must name the columns."
    columns = [cell.strip().lower() for cell in header]
    problems = []
    unknown = [c for c in columns if c not in KNOWN_COLUMNS]
    if unknown:
        problems.append(f"unknown column(s): {', '.join(unknown)}")
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        problems.append(f"missing required column(s): {', '.join(missing)}")
    repeated = sorted({c for c in columns if columns.count(c) > 1})
    if repeated:
        problems.append(f"repeated column(s): {', '.join(repeated)}")
    if problems:
        return columns, "; ".join(problems) + f". Expected columns: {', '.join(IMPORT_COLUMNS)}."
    return columns, None


def _import_rows(reader, columns: list[str], report: ImportReport) -> None:
    rows = _read_rows(reader, columns, report)
    importer = _RowImporter(columns, slugs=[row["slug"] for _, row in rows])
    for line, row in rows:
        try:
            with transaction.atomic():
                outcome = importer.save(row)
        except RowProblem as problem:
            report.errors.append(RowError(line, str(problem)))
            continue
        except IntegrityError:
            report.errors.append(RowError(line, "the database refused this row; check it against the others."))
            continue
        getattr(report, outcome).append(row["slug"])
    report.errors.sort(key=lambda error: error.line)
    if report.created or report.updated:
        listings_changed()


def _read_rows(reader, columns: list[str], report: ImportReport) -> list[tuple[int, dict[str, str]]]:
    """(line, row) of every well-formed row; malformed ones go straight to the report."""
    rows: list[tuple[int, dict[str, str]]] = []
    seen_slugs: dict[str, int] = {}
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return rows
        except csv.Error as error:
            report.errors.append(RowError(line, f"the file could not be read from here on ({error})."))
            return rows
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(columns):
            report.errors.append(RowError(line, f"expected {len(columns)} values, found {len(cells)}."))
            continue
        row = dict(zip(columns, (cell.strip() for cell in cells), strict=True))
        with_nul = [column for column, cell in row.items() if "\x00" in cell]
        if with_nul:  # PostgreSQL cannot store a NUL character in text: refuse the row, name the column
            report.errors.append(RowError(line, f"column '{with_nul[0]}' contains a NUL character."))
            continue
        slug = row["slug"]
        if slug in seen_slugs:
            report.errors.append(RowError(line, f"slug '{slug}' already appears on line {seen_slugs[slug]}."))
            continue
        seen_slugs[slug] = line
        rows.append((line, row))


class _RowImporter:
    """Turns checked rows into saved clinics; caches lookups across rows."""

    BATCH = 500

    def __init__(self, columns: list[str], *, slugs: list[str]):
        self.columns = set(columns)
        self.m2m = [column for column in M2M_COLUMNS if column in self.columns]
        self.cities: dict[str, City] = {}
        self.lookups = {
            column: dict(model.objects.values_list(key, "pk")) for column, (model, key, _) in M2M_COLUMNS.items()
        }
        # The file's existing clinics, fetched in a few queries rather than several per row.
        self.existing: dict[str, Clinic] = {}
        for start in range(0, len(slugs), self.BATCH):
            batch = Clinic.objects.prefetch_related(*self.m2m).filter(slug__in=slugs[start : start + self.BATCH])
            self.existing.update((clinic.slug, clinic) for clinic in batch)

    def save(self, row: dict[str, str]) -> str:
        """Save one checked row; returns "created", "updated" or "unchanged" (nothing written)."""
        problems: list[str] = []
        record = _zip_record(row["zip_code"], problems)
        values = self._parse(row, problems)
        city = self._city(row, record, problems)
        if problems:
            raise RowProblem("; ".join(problems))
        m2m = self.m2m
        clinic = self.existing.get(row["slug"])
        created = clinic is None
        clinic = clinic or Clinic(slug=row["slug"])
        before = None if created else _snapshot(clinic, m2m)
        for name, value in values.items():
            if name not in M2M_COLUMNS:
                setattr(clinic, name, value)
        given = values.get("latitude") is not None
        if needs_geocoding(
            has_coordinates=given or clinic.latitude is not None,
            zip_changed=created or before["zip_code"] != clinic.zip_code,
            coordinates_edited=given,
        ):
            place_at_zip_centre(clinic, record)
        clinic.timezone = record.timezone
        clinic.city = city
        if before is not None and _snapshot(clinic, m2m, new_m2m=values) == before:
            return "unchanged"  # re-importing an export writes nothing and adds no history
        try:
            # Uniqueness (by slug) and the table's check constraints are settled by the parsing above.
            clinic.full_clean(exclude=["city"], validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            raise RowProblem(_validation_message(error)) from None
        with one_history_record(clinic, created=created, reason="CSV import"):
            if city.pk is None:
                city.save()
                clinic.city = city
            clinic.save()
            for column in m2m:
                getattr(clinic, column).set(values[column])
        return "created" if created else "updated"

    def _parse(self, row: dict[str, str], problems: list[str]) -> dict:
        values: dict = {"name": row["name"], "zip_code": row["zip_code"]}
        for column in TEXT_COLUMNS:
            if column in self.columns:
                values[column] = row[column]
        for column in PRICE_COLUMNS:
            if column in self.columns:
                values[column] = _parse_or_report(column, row[column], _parse_price, problems)
        low, high = values.get("price_from"), values.get("price_to")
        if low is not None and high is not None and high < low:
            problems.append("price_to must not be lower than price_from")
        for column in BOOLEAN_COLUMNS:
            if column in self.columns:
                default = Clinic._meta.get_field(column).default
                values[column] = _parse_or_report(column, row[column], _parse_bool, problems, default)
        if "latitude" in self.columns or "longitude" in self.columns:
            lat, lng = row.get("latitude", ""), row.get("longitude", "")
            if bool(lat) != bool(lng):
                problems.append("give both latitude and longitude, or neither")
            else:
                values["latitude"] = _parse_or_report("latitude", lat, _parse_coordinate(90), problems)
                values["longitude"] = _parse_or_report("longitude", lng, _parse_coordinate(180), problems)
        for column, (_, _, noun) in M2M_COLUMNS.items():
            if column in self.columns:
                keys = list(dict.fromkeys(key.strip() for key in row[column].split(";") if key.strip()))
                unknown = [key for key in keys if key not in self.lookups[column]]
                if unknown:
                    problems.append(f"unknown {noun}(s): {', '.join(unknown)}")
                values[column] = [self.lookups[column][key] for key in keys if key in self.lookups[column]]
        return values

    def _city(self, row: dict[str, str], record: geo.ZipRecord | None, problems: list[str]) -> City | None:
        name, state = " ".join(row["city"].split()), row["state"].upper()
        if not name:
            problems.append("city is empty")
        if len(state) != 2 or not state.isalpha():
            problems.append(f"state must be a two-letter code like GA, not '{row['state']}'")
        if problems or record is None:
            return None
        slug = slugify(f"{name}-{state}")
        if slug in self.cities:
            return self.cities[slug]
        city = City.objects.filter(slug=slug).first() or City.objects.filter(name__iexact=name, state=state).first()
        if city is not None:
            self.cities[slug] = city  # only cities already saved: a new one may still be rolled back
            return city
        place = geo.city_place(name, state)
        point = place.point if place else record.point
        return City(
            name=name,
            state=state,
            slug=slug,
            latitude=point.latitude,
            longitude=point.longitude,
            timezone=place.timezone if place else record.timezone,
        )


def _snapshot(clinic: Clinic, m2m: list[str], new_m2m: dict | None = None) -> dict:
    """The clinic's field values, and the many-to-many ids (as saved, or as about to be set)."""
    fields = [field for field in Clinic._meta.concrete_fields if not field.generated]
    state = {field.attname: getattr(clinic, field.attname) for field in fields}
    for column in m2m:
        ids = new_m2m[column] if new_m2m is not None else [item.pk for item in getattr(clinic, column).all()]
        state[column] = sorted(ids)
    return state


def _zip_record(zip_code: str, problems: list[str]) -> geo.ZipRecord | None:
    if not geo.ZIP_RE.match(zip_code):
        problems.append(f"zip_code must be 5 digits, not '{zip_code}'")
        return None
    record = geo.lookup_zip(zip_code)
    if record is None:
        problems.append(f"unknown ZIP code {zip_code}")
    return record


def _parse_or_report(column: str, text: str, parse: Callable, problems: list[str], empty=None):
    if text == "":
        return empty
    try:
        return parse(text)
    except ValueError as error:
        problems.append(f"{column}: {error}")
        return empty


def _parse_bool(text: str) -> bool:
    word = text.lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f"'{text}' is not true or false")


def _parse_price(text: str) -> int:
    if not text.isdigit():
        raise ValueError(f"'{text}' is not a whole number of dollars")
    return int(text)


def _parse_coordinate(limit: int) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise ValueError(f"'{text}' is not a number") from None
        if not -limit <= value <= limit:
            raise ValueError(f"{value} is outside -{limit} to {limit}")
        return value

    return parse


def _validation_message(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
    return " ".join(error.messages)
