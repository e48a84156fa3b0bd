"""generate_clinics: fictional, deterministic, fast bulk clinics over real ZIP centroids."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction

from directory import geo
from directory.models import City, Clinic, OpeningHours
from directory.synthetic import JITTER_MILES


def generate(count: int, seed: int) -> None:
    call_command("generate_clinics", count=count, seed=seed, verbosity=0)


def snapshot() -> list[tuple]:
    return list(
        Clinic.objects.order_by("slug").values_list(
            "slug", "name", "latitude", "longitude", "zip_code", "city__slug", "published", "telehealth"
        )
    )


@pytest.mark.django_db
def test_clinics_are_fictional_complete_and_near_their_zip():
    generate(300, seed=7)
    clinics = Clinic.objects.with_lookups()
    assert clinics.count() == 300
    for clinic in clinics:
        assert clinic.slug.startswith("syn-7-")
        assert clinic.name.startswith("Synthetic Clinic ") and clinic.name.endswith("(fictional)")
        assert "555-01" in clinic.phone and "example.org" in clinic.website
        assert clinic.treatments.all() and clinic.conditions.all() and clinic.payment_options.all()
        assert "en" in {language.code for language in clinic.languages.all()}
        assert clinic.opening_hours.all()
        zip_point = geo.lookup_zip(clinic.zip_code).point
        assert geo.distance_miles(zip_point, clinic.point) <= JITTER_MILES + 0.05
        assert clinic.city.slug == f"{clinic.city.slug.rsplit('-', 1)[0]}-{clinic.city.state.lower()}"
    assert OpeningHours.objects.filter(closes__lte="00:00").count() == 0


@pytest.mark.django_db
def test_same_seed_gives_same_clinics_and_a_second_run_adds_more():
    generate(200, seed=3)
    first = snapshot()
    Clinic.objects.all().delete()
    generate(200, seed=3)
    assert snapshot() == first

    generate(200, seed=3)
    assert Clinic.objects.count() == 400
    assert Clinic.objects.filter(slug="syn-3-0000400").exists()


@pytest.mark.django_db
def test_clinics_lean_towards_big_cities():
    generate(2000, seed=11)
    new_york = Clinic.objects.published().near(geo.resolve_place("10001").point, 25).count()
    montana = Clinic.objects.published().near(geo.resolve_place("59001").point, 25).count()
    assert new_york > 20 * max(montana, 1)


@pytest.mark.django_db
def test_existing_cities_are_reused_not_duplicated():
    City.objects.create(name="Atlanta", state="GA", slug="atlanta-ga", latitude=33.75, longitude=-84.39)
    generate(3000, seed=5)
    assert City.objects.filter(name="Atlanta", state="GA").count() == 1
    assert Clinic.objects.filter(city__slug="atlanta-ga").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("count", [0, -5, 5_000_001])
def test_count_out_of_range_is_refused(count):
    with pytest.raises(CommandError, match="--count"):
        generate(count, seed=1)


@pytest.mark.django_db
def test_foreign_keys_are_back_and_checked_after_the_load():
    """On PostgreSQL the load drops the foreign keys (a check per row at commit was most of its time)."""

    def foreign_keys() -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE contype = 'f' ORDER BY 1, 2"
            )
            return cursor.fetchall()

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    before = foreign_keys()
    generate(20, seed=9)
    assert foreign_keys() == before
    clinic = Clinic.objects.get(slug="syn-9-0000001")
    with pytest.raises(IntegrityError), transaction.atomic():
        OpeningHours.objects.create(clinic_id=clinic.pk + 10_000, weekday=0, opens="09:00", closes="17:00")
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
