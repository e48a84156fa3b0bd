"""Home page and clinic page."""

from __future__ import annotations

from django.db import connection
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from directory.api.payloads import medical_director_text
from directory.availability import page_openings
from directory.jsonld import clinic_json_ld, price_range
from directory.listing_version import cached_answer
from directory.models import City, Clinic
from directory.opening_hours import is_open_at, weekly_schedule, zone_label
from directory.search.filters import ClinicFilter

HOME_CITY_LIMIT = 120  # with synthetic data there can be thousands; the busiest are listed


HOME_CITIES_CACHE_KEY = "directory:home-cities"


def home_cities() -> tuple[list[dict], int]:
    """The busiest cities (name order) with their published clinic counts, and how many more have clinics.

    One query counting every clinic (from the city/published index alone), so the answer is kept
    in the `listings` cache until a listing changes (directory.listing_version), at most a minute:
    it is the same for every visitor and every language.
    """
    return cached_answer(HOME_CITIES_CACHE_KEY, _busiest_cities)


def _busiest_cities() -> tuple[list[dict], int]:
    cities = [
        {"name": name, "state": state, "slug": slug, "clinic_count": count}
        for name, state, slug, count in _published_counts_by_city()
    ]
    shown = sorted(cities, key=lambda c: (-c["clinic_count"], c["name"], c["state"]))[:HOME_CITY_LIMIT]
    shown.sort(key=lambda c: (c["name"], c["state"]))
    return shown, len(cities) - len(shown)


def _published_counts_by_city() -> list[tuple[str, str, str, int]]:
    """(name, state, slug, published clinics) of every city with any, in one pass over the city index.

    Plain SQL because the ORM's SQLite GROUP BY lists every city column (not just the key),
    which makes SQLite sort a million joined rows: 3x the CPU of grouping by the key.
    """
    q = connection.ops.quote_name
    city, clinic = City._meta, Clinic._meta
    city_fk = q(clinic.get_field("city").column)
    sql = (
        f"SELECT c.{q('name')}, c.{q('state')}, c.{q('slug')}, COUNT(*) FROM {q(city.db_table)} c "
        f"INNER JOIN {q(clinic.db_table)} k ON k.{city_fk} = c.{q(city.pk.column)} "
        f"WHERE k.{q('published')} = %s GROUP BY c.{q(city.pk.column)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [True])
        return cursor.fetchall()


def home(request):
    shown, hidden_count = home_cities()
    return render(
        request,
        "home.html",
        {
            "cities": shown,
            "hidden_city_count": hidden_count,
            # The search's own form: the box offers the same conditions and treatments as the search page.
            "search_form": ClinicFilter().form,
        },
    )


def clinic_detail(request, slug: str):
    clinic = get_object_or_404(Clinic.objects.published().with_lookups(), slug=slug)
    now = timezone.now()
    hours = list(clinic.opening_hours.all())
    return render(
        request,
        "directory/clinic_detail.html",
        {
            "clinic": clinic,
            "schedule": weekly_schedule(intervals=hours, timezone=clinic.timezone, moment=now),
            "has_hours": bool(hours),
            "openings": page_openings([clinic.pk], now=now)[clinic.pk],
            "open_now": is_open_at(intervals=hours, timezone=clinic.timezone, moment=now),
            "zone_label": zone_label(clinic.timezone),
            "price": price_range(clinic),
            "medical_director": medical_director_text(clinic),
            "json_ld": clinic_json_ld(clinic, url=request.build_absolute_uri(clinic.get_absolute_url())),
            "map_points": [{"name": clinic.name, "url": "", "lat": clinic.latitude, "lng": clinic.longitude}],
            "osm_url": (
                f"https://www.openstreetmap.org/?mlat={clinic.latitude:.5f}&mlon={clinic.longitude:.5f}"
                f"#map=16/{clinic.latitude:.5f}/{clinic.longitude:.5f}"
            ),
        },
    )
