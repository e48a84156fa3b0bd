"""Clinics as CSV with exactly the import's columns, so an export can be edited and imported again."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from typing import TextIO

from directory.importing import BOOLEAN_COLUMNS, IGNORED_COLUMNS, IMPORT_COLUMNS, M2M_COLUMNS, TEXT_COLUMNS
from directory.models import Clinic

EXPORT_COLUMNS = IMPORT_COLUMNS + IGNORED_COLUMNS
# OWASP's CSV-injection rule: a cell starting with any of these is run as a formula by some
# spreadsheet ("-1+HYPERLINK(...)", "+1+cmd|' /C calc'!A0"), so it gets a leading quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The one exception, so "+1 404 555 0100" stays readable: a phone made only of a leading "+",
# digits and phone punctuation. Without letters, "|", "!" or a second operator it can name no
# function, cell or program; at worst a spreadsheet shows it as a number.
SAFE_PHONE = re.compile(r"\+[\d() .-]+")


def _defuse(text: str, *, phone: bool = False) -> str:
    if not text.startswith(FORMULA_STARTS) or (phone and SAFE_PHONE.fullmatch(text)):
        return text
    return "'" + text


def _cell(clinic: Clinic, column: str) -> str:
    if column == "city":
        return _defuse(clinic.city.name)
    if column == "state":
        return clinic.city.state
    if column in M2M_COLUMNS:
        _, key, _ = M2M_COLUMNS[column]
        return ";".join(getattr(item, key) for item in getattr(clinic, column).all())
    value = getattr(clinic, column)
    if column in BOOLEAN_COLUMNS or column == "verified":
        return "true" if value else "false"
    if value is None:
        return ""
    if column in TEXT_COLUMNS or column == "name":
        return _defuse(value, phone=column == "phone")
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def clinics_csv_rows(clinics: Iterable[Clinic]) -> Iterator[list[str]]:
    """The header, then one row per clinic (clinics from `Clinic.objects.with_lookups()`)."""
    yield list(EXPORT_COLUMNS)
    for clinic in clinics:
        yield [_cell(clinic, column) for column in EXPORT_COLUMNS]


def write_clinics_csv(clinics: Iterable[Clinic], out: TextIO) -> None:
    csv.writer(out).writerows(clinics_csv_rows(clinics))
