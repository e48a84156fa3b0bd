"""Changelist filters for moderating listings."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Exists, F, OuterRef, Q

from directory.models import City, ProblemReport

# Beyond this many cities a flat list of links is useless; pick a state first.
MAX_CITIES_WITHOUT_STATE = 60


class StateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        states = City.objects.filter(clinics__isnull=False).values_list("state", flat=True).distinct()
        return [(state, state) for state in sorted(set(states))]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(city__state=self.value())
        return queryset


class CityFilter(admin.SimpleListFilter):
    """Cities with listings, within the chosen state (or all of them while they are few)."""

    title = "city"
    parameter_name = "city"

    def lookups(self, request, model_admin):
        cities = City.objects.filter(Exists(model_admin.model.objects.filter(city=OuterRef("pk"))))
        state = request.GET.get(StateFilter.parameter_name)
        if state:
            cities = cities.filter(state=state)
        cities = cities.order_by("name", "state").values_list("slug", "name", "state")
        rows = list(cities[: MAX_CITIES_WITHOUT_STATE + 1])
        if not state and len(rows) > MAX_CITIES_WITHOUT_STATE:
            return []
        return [(slug, f"{name}, {st}") for slug, name, st in rows]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(city__slug=self.value())
        return queryset


class ChangedSinceVerificationFilter(admin.SimpleListFilter):
    """Verified listings edited on a later day than their verification: worth another look."""

    title = "changed since last verification"
    parameter_name = "changed_since_verified"

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No")]

    def queryset(self, request, queryset):
        changed = Q(verified_at__isnull=False, updated_at__date__gt=F("verified_at"))
        if self.value() == "yes":
            return queryset.filter(changed)
        if self.value() == "no":
            return queryset.exclude(changed)
        return queryset


class OpenReportsFilter(admin.SimpleListFilter):
    title = "open problem reports"
    parameter_name = "open_reports"

    def lookups(self, request, model_admin):
        return [("yes", "Has open reports"), ("no", "No open reports")]

    def queryset(self, request, queryset):
        has_open = Exists(ProblemReport.objects.open().filter(clinic=OuterRef("pk")))
        if self.value() == "yes":
            return queryset.filter(has_open)
        if self.value() == "no":
            return queryset.exclude(has_open)
        return queryset
