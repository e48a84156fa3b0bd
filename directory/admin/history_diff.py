"""A listing's change history as people read it: each field that changed, before → after, in words.

simple-history's own deltas show raw values (ids, snapshot rows); site staff reviewing an edit
need "Phone: (404) 555-0100 → (404) 555-0142" and "Treatments: IV infusion → IV infusion, IM injection".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from directory.models import City, Clinic, Condition, Language, PaymentOption, Treatment
from directory.models.history import CLINIC_M2M_FIELDS

# Bookkeeping, not content: never shown as a change.
IGNORED = {"id", "created_at", "updated_at", "lat_band", "details_confirmed_at", "confirmation_reminded_at"}
M2M_MODELS = {"treatments": Treatment, "conditions": Condition, "payment_options": PaymentOption, "languages": Language}


@dataclass(frozen=True)
class FieldChange:
    field: str  # the field's label
    old: str
    new: str


def _text(value) -> str:
    if value is True:
        return _("Yes")
    if value is False:
        return _("No")
    if value in (None, ""):
        return "—"
    return str(value)


def _m2m_ids(record, name: str) -> set[int]:
    field = Clinic._meta.get_field(name)
    target = field.m2m_reverse_field_name()
    return {getattr(row, f"{target}_id") for row in getattr(record, name).all()}


def listing_changes(older, newer, *, names: dict[str, dict[int, str]], cities: dict[int, str]) -> list[FieldChange]:
    """What differs between two history records of one clinic, in the order of the clinic's fields."""
    changes = []
    for field in Clinic._meta.concrete_fields:
        if field.name in IGNORED:
            continue
        before, after = getattr(older, field.attname), getattr(newer, field.attname)
        if before == after:
            continue
        if field.name == "city":
            before, after = cities.get(before, before), cities.get(after, after)
        changes.append(FieldChange(str(field.verbose_name).capitalize(), _text(before), _text(after)))
    for name in CLINIC_M2M_FIELDS:
        before, after = _m2m_ids(older, name), _m2m_ids(newer, name)
        if before != after:
            label = str(Clinic._meta.get_field(name).verbose_name).capitalize()

            def listed(ids, name=name):
                return ", ".join(sorted(names[name].get(pk, str(pk)) for pk in ids)) or "—"

            delta = []
            if after - before:
                delta.append(_("added: %(names)s") % {"names": listed(after - before)})
            if before - after:
                delta.append(_("removed: %(names)s") % {"names": listed(before - after)})
            changes.append(FieldChange(label, listed(before), f"{listed(after)} ({'; '.join(delta)})"))
    return changes


def _city_names(ids: set[int]) -> dict[int, str]:
    rows = City.objects.filter(pk__in=ids).values_list("pk", "name", "state")
    return {pk: f"{name}, {state}" for pk, name, state in rows}


def annotate_history(records: Sequence) -> None:
    """Set `history_delta_changes` on each record (newest first) against the one before it."""
    names = {name: dict(model.objects.values_list("pk", "name")) for name, model in M2M_MODELS.items()}
    city_ids = {record.city_id for record in records}
    cities = {
        pk: f"{name}, {state}"
        for pk, name, state in City.objects.filter(pk__in=city_ids).values_list("pk", "name", "state")
    }
    records = list(records)
    if records:
        # The page's oldest record is compared with the one before it, on the next page (one query).
        before = records[-1].prev_record
        if before is not None:
            cities.update(_city_names({before.city_id}))
            records.append(before)
    for newer, older in zip(records, records[1:], strict=False):
        newer.history_delta_changes = listing_changes(older, newer, names=names, cities=cities)
