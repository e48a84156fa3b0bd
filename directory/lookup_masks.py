"""Each clinic's lookups as bit masks on its own row, so a search near a place tests them in the near index.

Four filters near Manhattan (a condition, a treatment, a payment option, accepting new
patients) probed the conditions, treatments and payment options of every clinic in the circle
with one EXISTS each: at 100,000 clinics 19 ms of SQL for a new search, most of its time.
With `condition_mask`, `treatment_mask`, `payment_mask` and `language_mask` in the near index
(bit i is the i-th term of directory.vocabulary), the same test reads only index entries.

The masks are kept in step with the relations by Django's own signals:

- `m2m_changed` on the four relations (the admin's save_m2m, `.set()`, `.add()`, fixtures)
  recomputes the masks of the clinics involved, and of a Clinic instance in memory;
- `pre_save` of an existing clinic reads them afresh, so saving an instance loaded before
  its lookups changed never writes old masks back;
- `post_save` of a lookup recomputes the clinics linked to it (a fixture may load the lookups
  after the clinics' relations; a key may change);
- bulk writers that insert relation rows with plain SQL (directory.bulk_insert) write the
  masks themselves with `mask_of`; migration 0014 filled them for existing rows.

A lookup outside the vocabulary (added by hand) has no bit: the filters then fall back to an
EXISTS for it (`bits_of` returns None).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connections
from django.db.models import F, Q
from django.db.models.lookups import Exact, GreaterThan
from django.db.models.signals import m2m_changed, post_save, pre_save

from directory.vocabulary import CONDITIONS, LANGUAGES, PAYMENTS, TREATMENTS

# relation on Clinic -> (mask field, the vocabulary whose order gives the bits, the lookup's key field)
MASKS = {
    "conditions": ("condition_mask", CONDITIONS, "slug"),
    "treatments": ("treatment_mask", TREATMENTS, "slug"),
    "payment_options": ("payment_mask", PAYMENTS, "slug"),
    "languages": ("language_mask", LANGUAGES, "code"),
}
MASK_FIELDS = tuple(field for field, _, _ in MASKS.values())
MAX_BITS = 62  # a signed 64-bit column, with room to spare
_BIT_OF = {
    relation: {term.slug: 1 << position for position, term in enumerate(terms[:MAX_BITS])}
    for relation, (_, terms, _) in MASKS.items()
}


def mask_of(relation: str, keys: Iterable[str]) -> int:
    """The mask of a clinic whose `relation` holds the lookups with these slugs (language codes)."""
    bits = _BIT_OF[relation]
    mask = 0
    for key in keys:
        mask |= bits.get(key, 0)
    return mask


def bits_of(relation: str, lookups: Iterable) -> int | None:
    """The mask of these lookup rows, or None when one of them has no bit (not in the vocabulary)."""
    _, _, key_field = MASKS[relation]
    bits = _BIT_OF[relation]
    mask = 0
    for lookup in lookups:
        bit = bits.get(getattr(lookup, key_field))
        if bit is None:
            return None
        mask |= bit
    return mask


def holds_all(relation: str, mask: int) -> Q:
    """Clinics whose `relation` holds every lookup of `mask`."""
    field = MASKS[relation][0]
    return Q(Exact(F(field).bitand(mask), mask))


def holds_any(relation: str, mask: int) -> Q:
    """Clinics whose `relation` holds at least one lookup of `mask`."""
    field = MASKS[relation][0]
    return Q(GreaterThan(F(field).bitand(mask), 0))


def masks_of_clinics(clinic_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """{clinic id: {mask field: mask}} read from the relations, one query per relation."""
    from directory.models import Clinic

    ids = list(clinic_ids)
    masks = {clinic_id: dict.fromkeys(MASK_FIELDS, 0) for clinic_id in ids}
    for relation, (field, _, key_field) in MASKS.items():
        descriptor = Clinic._meta.get_field(relation)
        through = descriptor.remote_field.through
        target = descriptor.related_model._meta.model_name
        rows = through.objects.filter(clinic_id__in=ids).values_list("clinic_id", f"{target}__{key_field}")
        for clinic_id, key in rows:
            masks[clinic_id][field] |= mask_of(relation, [key])
    return masks


def refresh_masks(clinic_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """Write the masks of these clinics from their relations; returns what was written."""
    from directory.models import Clinic

    masks = masks_of_clinics(clinic_ids)
    for clinic_id, values in masks.items():
        Clinic.objects.filter(pk=clinic_id).update(**values)
    return masks


def fill_all_masks(connection, clinic_model) -> None:
    """Every clinic's masks from its relations, in one UPDATE per relation (migration 0014)."""
    for relation in MASKS:
        fill_masks(connection, clinic_model, relation)


def fill_masks(connection, clinic_model, relation: str, *, linked_to: int | None = None) -> None:
    """One mask of every clinic (or of those linked to the lookup with primary key `linked_to`), in SQL."""
    field, _, key_field = MASKS[relation]
    quote = connection.ops.quote_name
    descriptor = clinic_model._meta.get_field(relation)
    through, lookup = descriptor.remote_field.through, descriptor.related_model
    lookup_column = next(f.column for f in through._meta.concrete_fields if f.is_relation and f.related_model is lookup)
    clinic_table, through_table = quote(clinic_model._meta.db_table), quote(through._meta.db_table)
    bits = list(_BIT_OF[relation].items())
    cases = " ".join("WHEN %s THEN %s" for _ in bits)
    sql = (
        f"UPDATE {clinic_table} SET {quote(field)} = COALESCE(("
        f"SELECT SUM(CASE l.{quote(key_field)} {cases} ELSE 0 END) FROM {through_table} t "
        f"JOIN {quote(lookup._meta.db_table)} l ON l.id = t.{lookup_column} "
        f"WHERE t.clinic_id = {clinic_table}.id), 0)"
    )
    params: list = [value for pair in bits for value in pair]
    if linked_to is not None:
        sql += f" WHERE id IN (SELECT clinic_id FROM {through_table} WHERE {lookup_column} = %s)"
        params.append(linked_to)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _relation_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """clinic.treatments.set(...), .add(), .remove(), .clear(): the clinic's masks, in the database and in memory.

    Changes made from a lookup's side (treatment.clinics.add) are not supported: the clinics'
    history (simple_history's m2m tracking) fails on them, and nothing in the site makes them.
    """
    if reverse or action not in ("post_add", "post_remove", "post_clear"):
        return
    for field, value in refresh_masks([instance.pk])[instance.pk].items():
        setattr(instance, field, value)  # the clinic in memory too: a later save() writes these


def _clinic_saving(sender, instance, raw, update_fields, **kwargs) -> None:
    if raw or instance.pk is None or instance._state.adding:
        return  # a new clinic has no lookups yet; fixtures set theirs afterwards (m2m_changed)
    if update_fields is not None and not set(update_fields) & set(MASK_FIELDS):
        return
    for field, value in masks_of_clinics([instance.pk])[instance.pk].items():
        setattr(instance, field, value)


def _lookup_saved(sender, instance, using, **kwargs) -> None:
    """A lookup written (its key may have changed; a fixture may load it after its clinics' relations)."""
    from directory.models import Clinic

    relation = next(name for name in MASKS if Clinic._meta.get_field(name).related_model is sender)
    fill_masks(connections[using], Clinic, relation, linked_to=instance.pk)


def connect_signals() -> None:
    """Called from DirectoryConfig.ready()."""
    from directory.models import Clinic

    for relation in MASKS:
        field = Clinic._meta.get_field(relation)
        m2m_changed.connect(
            _relation_changed, sender=field.remote_field.through, dispatch_uid=f"lookup-masks-{relation}"
        )
        post_save.connect(_lookup_saved, sender=field.related_model, dispatch_uid=f"lookup-masks-{relation}-saved")
    pre_save.connect(_clinic_saving, sender=Clinic, dispatch_uid="lookup-masks-clinic-save")
