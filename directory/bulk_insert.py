"""Fast bulk writes of synthetic clinics: COPY on PostgreSQL, executemany on SQLite.

The ORM's bulk_create builds a model instance per row and a parameter list per
batch; for the ~17 rows a synthetic clinic needs (clinic, lookups, hours) that is
minutes at a million clinics. Here rows are plain tuples in column order. Any
column this module does not set gets its model default, so a field added later
(with a default) does not break the generator.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection, models
from django.db.models import Max, Q
from django.utils import timezone

from directory import geo
from directory.lookup_masks import MASKS, mask_of
from directory.models import City, Clinic, Condition, Language, OpeningHours, PaymentOption, Treatment
from directory.synthetic import SyntheticClinic, city_slug
from directory.vocabulary import ESKETAMINE

DESCRIPTION = "A fictional clinic generated for load tests. It does not exist; do not contact it."


def insert_rows(table: str, columns: Sequence[str], rows: Sequence[tuple]) -> None:
    if not rows:
        return
    quote = connection.ops.quote_name
    column_sql = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {quote(table)} ({column_sql}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {quote(table)} ({column_sql}) VALUES ({placeholders})", rows)


@contextmanager
def foreign_keys_checked_at_the_end(models_loaded: Sequence[type[models.Model]]):
    """PostgreSQL: drop the foreign keys of these tables for a bulk load, then add them back.

    Django's foreign keys are DEFERRABLE INITIALLY DEFERRED, so every inserted row queues a check
    that runs, one row at a time, at commit: ~28 checks per synthetic clinic, most of the 735 s a
    million clinics took. Adding a constraint back checks every row in one pass (a join). Use inside
    the load's transaction: if the load fails, the rollback restores the constraints too.
    """
    if connection.vendor != "postgresql":
        yield
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        # ALTER TABLE refuses tables with checks still queued (rows written earlier in this transaction).
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) ORDER BY 1, 2",
            [[quote(model._meta.db_table) for model in models_loaded]],
        )
        constraints = cursor.fetchall()
        for table, name, _ in constraints:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
    yield
    with connection.cursor() as cursor:
        for table, name, definition in constraints:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's default for its (deferrable) constraints


def next_number(*, seed: int) -> int:
    """First free clinic number for this seed, so a second run adds clinics instead of clashing."""
    last = (
        Clinic.objects.filter(slug__startswith=f"syn-{seed}-").order_by("-slug").values_list("slug", flat=True).first()
    )
    return int(last.rsplit("-", 1)[1]) + 1 if last else 1


def ensure_cities(keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """(city name, state) → City id, creating the cities that are missing."""
    keys = set(keys)
    slugs = {city_slug(name, state): (name, state) for name, state in keys}

    def existing() -> dict[tuple[str, str], int]:
        found: dict[tuple[str, str], int] = {}
        names = {name for name, _ in keys}
        for city in City.objects.filter(Q(slug__in=slugs) | Q(name__in=names)).only("id", "slug", "name", "state"):
            found[(city.name, city.state)] = city.id
            if city.slug in slugs:
                found.setdefault(slugs[city.slug], city.id)
        return found

    found = existing()
    missing = [key for key in keys if key not in found]
    if missing:
        new = []
        for name, state in missing:
            place = geo.city_place(name, state)  # every usable ZIP city is in the gazetteer
            new.append(
                City(
                    name=name,
                    state=state,
                    slug=city_slug(name, state),
                    latitude=round(place.point.latitude, 6),
                    longitude=round(place.point.longitude, 6),
                    timezone=place.timezone,
                )
            )
        City.objects.bulk_create(new, ignore_conflicts=True)
        found = existing()
    return found


class ClinicWriter:
    """Writes batches of SyntheticClinic with explicit ids; call `finish()` once at the end."""

    def __init__(self) -> None:
        self.next_id = (Clinic.objects.aggregate(m=Max("id"))["m"] or 0) + 1
        now = timezone.now()
        self.fields = [f for f in Clinic._meta.concrete_fields if not f.generated]
        self.defaults = {f.attname: _db_value(f, f.get_default()) for f in self.fields}
        self.defaults.update(created_at=_db_value(Clinic._meta.get_field("created_at"), now))
        self.defaults["updated_at"] = self.defaults["created_at"]
        self.lookup_ids = {
            "treatments": dict(Treatment.objects.values_list("slug", "id")),
            "conditions": dict(Condition.objects.values_list("slug", "id")),
            "payment_options": dict(PaymentOption.objects.values_list("slug", "id")),
            "languages": dict(Language.objects.values_list("code", "id")),
        }

    def write(self, batch: Sequence[SyntheticClinic]) -> None:
        cities = ensure_cities(c.city_key for c in batch)
        clinic_rows, hours_rows = [], []
        links: dict[str, list[tuple[int, int]]] = {name: [] for name in self.lookup_ids}
        for clinic in batch:
            clinic_id = self.next_id
            self.next_id += 1
            values = dict(self.defaults)
            values.update(self._columns(clinic, clinic_id, cities[clinic.city_key]))
            clinic_rows.append(tuple(values.get(f.attname) for f in self.fields))
            for name, ids in self.lookup_ids.items():
                links[name].extend((clinic_id, ids[slug]) for slug in getattr(clinic, name) if slug in ids)
            hours_rows.extend(
                (clinic_id, day, opens.isoformat(), closes.isoformat()) for day, opens, closes in clinic.hours
            )
        insert_rows(Clinic._meta.db_table, [f.column for f in self.fields], clinic_rows)
        for name, rows in links.items():
            through = Clinic._meta.get_field(name).remote_field.through
            target = Clinic._meta.get_field(name).related_model
            columns = [_fk_column(through, Clinic), _fk_column(through, target)]
            insert_rows(through._meta.db_table, columns, rows)
        insert_rows(OpeningHours._meta.db_table, ["clinic_id", "weekday", "opens", "closes"], hours_rows)

    def _columns(self, clinic: SyntheticClinic, clinic_id: int, city_id: int) -> dict[str, Any]:
        n = clinic.number
        return {
            "id": clinic_id,
            "name": clinic.name,
            "slug": clinic.slug,
            "city_id": city_id,
            "street_address": f"{100 + n % 9000} Example Street",
            "zip_code": clinic.zip_record.zip_code,
            "latitude": clinic.latitude,
            "longitude": clinic.longitude,
            "timezone": clinic.zip_record.timezone,
            "phone": f"(555) 555-01{n % 100:02d}",
            "website": f"https://example.org/{clinic.slug}",
            "description": DESCRIPTION,
            "price_from": clinic.price_from,
            "price_to": clinic.price_from + 300,
            "rems_certified": ESKETAMINE in clinic.treatments,
            "verified": clinic.verified,
            "published": clinic.published,
            "accepting_new_patients": clinic.accepting_new_patients,
            "telehealth": clinic.telehealth,
            "accepts_referrals": clinic.accepts_referrals,
            # The relation rows go in with plain SQL below, past the signals that keep the masks.
            **{field: mask_of(relation, getattr(clinic, relation)) for relation, (field, _, _) in MASKS.items()},
        }

    @property
    def models_touched(self) -> list[type[models.Model]]:
        return [Clinic, OpeningHours, City] + [
            Clinic._meta.get_field(name).remote_field.through for name in self.lookup_ids
        ]

    def finish(self) -> None:
        """Move id sequences past the explicit ids, and refresh planner statistics."""
        from django.core.management.color import no_style

        models_touched = self.models_touched
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models_touched):
                cursor.execute(sql)
            if connection.vendor == "postgresql":
                for model in models_touched:
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
            else:
                cursor.execute("ANALYZE")


def _db_value(field: models.Field, value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return field.get_db_prep_save(value, connection)
    return value


def _fk_column(through: type[models.Model], target: type[models.Model]) -> str:
    return next(f.column for f in through._meta.concrete_fields if f.is_relation and f.related_model is target)
