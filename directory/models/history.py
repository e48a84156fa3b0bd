"""Change history of listings (django-simple-history): who changed what, and when.

Clinic history also snapshots the four many-to-many fields, so a change of
treatments or languages is part of the record. Saving a clinic through a form
writes the row and then each many-to-many field, and simple-history would
record every step; `one_history_record` collapses such a save into one record.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import ClassVar

from simple_history import register
from simple_history.models import HistoricalRecords

from .clinics import Clinic
from .hours import OpeningHours

CLINIC_M2M_FIELDS = ["treatments", "conditions", "payment_options", "languages"]


class ListingHistoricalRecords(HistoricalRecords):
    """HistoricalRecords that remembers its instance, so a save can write its one record by hand."""

    for_clinic: ClassVar[ListingHistoricalRecords | None] = None

    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        if sender is Clinic:
            type(self).for_clinic = self

    def post_save(self, instance, created, using=None, **kwargs):
        if kwargs.get("raw"):
            # loaddata (a restore): the dump holds the history already. Django sets the
            # many-to-many fields right after this raw save; without the flag each set
            # would add a spurious "changed" record dated the day of the restore.
            instance.skip_history_when_saving = True
            return
        super().post_save(instance, created, using=using, **kwargs)


# Confirmations and reminders are no change to the listing: their times are kept on the clinic only.
register(
    Clinic,
    records_class=ListingHistoricalRecords,
    m2m_fields=CLINIC_M2M_FIELDS,
    excluded_fields=["details_confirmed_at", "confirmation_reminded_at"],
)
register(OpeningHours)


def pause_history(clinic: Clinic) -> None:
    """Saves of `clinic` write no history until `record_listing_change`."""
    clinic.skip_history_when_saving = True


def record_listing_change(clinic: Clinic, *, created: bool, reason: str | None = None) -> None:
    """Write one history record of `clinic` as it is now (fields and many-to-many snapshots)."""
    clinic.__dict__.pop("skip_history_when_saving", None)
    if reason:
        clinic._change_reason = reason
    records = ListingHistoricalRecords.for_clinic
    assert records is not None, "Clinic history is not registered"
    records.create_historical_record(clinic, "+" if created else "~")


@contextmanager
def one_history_record(clinic: Clinic, *, created: bool, reason: str | None = None) -> Iterator[None]:
    """Save `clinic` and its relations inside the block; one history record is written at the end."""
    pause_history(clinic)
    try:
        yield
    except BaseException:
        clinic.__dict__.pop("skip_history_when_saving", None)
        raise
    record_listing_change(clinic, created=created, reason=reason)
