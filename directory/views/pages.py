"""Home page and clinic page."""

from __future__ import annotations

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from directory.api.payloads import medical_director_text
from directory.jsonld import clinic_json_ld, price_range
from directory.models import City, Clinic, Condition, Treatment
from directory.opening_hours import is_open_at, weekly_schedule, zone_label

HOME_CITY_LIMIT = 120  # with synthetic data there can be thousands; the busiest are listed


def home(request):
    # One query: every city with its count of published clinics.
    cities = list(
        City.objects.annotate(clinic_count=Count("clinics", filter=Q(clinics__published=True)))
        .filter(clinic_count__gt=0)
        .values("name", "state", "slug", "clinic_count")
    )
    shown = sorted(cities, key=lambda c: -c["clinic_count"])[:HOME_CITY_LIMIT]
    shown.sort(key=lambda c: (c["name"], c["state"]))
    return render(
        request,
        "home.html",
        {
            "cities": shown,
            "hidden_city_count": len(cities) - len(shown),
            "conditions": Condition.objects.all(),
            "treatments": Treatment.objects.all(),
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
