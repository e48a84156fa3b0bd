"""The search's availability and trust filters: `available_within`, `sort=soonest`, `verified`.

A mixin of the one ClinicFilter, kept apart from the place and distance filters.
Only availability confirmed within the last 14 days counts (directory.availability),
and only for the treatments asked for (`treatment`), or any treatment when none is.
Each filter is one EXISTS (or one correlated subquery for the sort) on the
(clinic, treatment) index of TreatmentAvailability, so it adds no query and no join.
"""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.availability import fresh_since
from directory.models import AvailabilityStatus, TreatmentAvailability
from directory.trust import verified_since

MIN_AVAILABLE_DAYS = 1
MAX_AVAILABLE_DAYS = 180


def current_openings(*, now: datetime.datetime, treatments=None) -> QuerySet[TreatmentAvailability]:
    """Fresh open or waitlist values of the clinic in the outer query, of `treatments` (objects or slugs) if given."""
    rows = TreatmentAvailability.objects.filter(
        clinic=OuterRef("pk"),
        confirmed_at__gte=fresh_since(now),
        status__in=[AvailabilityStatus.OPEN, AvailabilityStatus.WAITLIST],
    )
    if treatments:
        treatments = list(treatments)
        if isinstance(treatments[0], str):
            rows = rows.filter(treatment__slug__in=treatments)
        else:
            rows = rows.filter(treatment__in=treatments)
    return rows


def openings_filter(queryset, *, treatments, within_days: int | None, now: datetime.datetime):
    """`queryset` kept to clinics that can start a new patient within `within_days` (if given), annotated
    with `soonest_opening` (the earliest expected start of a current opening; null when none)."""
    rows = current_openings(now=now, treatments=treatments)
    soonest = rows.order_by("expected_opening").values("expected_opening")[:1]
    queryset = queryset.annotate(soonest_opening=Subquery(soonest))
    if within_days is not None:
        last_day = timezone.localdate(now) + datetime.timedelta(days=within_days)
        queryset = queryset.filter(Exists(rows.filter(expected_opening__lte=last_day)))
    return queryset


class IntegerFilter(django_filters.Filter):
    field_class = forms.IntegerField


class AvailabilityFilterMixin(django_filters.FilterSet):
    available_within = IntegerFilter(
        field_name="availability",
        method="filter_available_within",
        label=_("Can start within (days)"),
        min_value=MIN_AVAILABLE_DAYS,
        max_value=MAX_AVAILABLE_DAYS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": _("Enter a whole number of days from 1 to 180."),
            "min_value": _("Give at least 1 day."),
            "max_value": _("Give at most 180 days."),
        },
    )

    def _moment(self) -> datetime.datetime:
        return getattr(self, "now", None) or timezone.now()

    def _current_openings(self) -> QuerySet[TreatmentAvailability]:
        """Fresh open or waitlist values of the clinic in the outer query, for the treatments asked for."""
        chosen = self.form.cleaned_data.get("treatment") if self.is_bound else None
        return current_openings(now=self._moment(), treatments=list(chosen) if chosen else None)

    def filter_available_within(self, queryset, name, value):
        if value is None:
            return queryset
        last_day = timezone.localdate(self._moment()) + datetime.timedelta(days=value)
        return queryset.filter(Exists(self._current_openings().filter(expected_opening__lte=last_day)))

    def order_by_soonest(self, queryset, *, near: bool):
        """Earliest current opening first (clinics without one last), then distance (with a place) and name."""
        soonest = self._current_openings().order_by("expected_opening").values("expected_opening")[:1]
        queryset = queryset.annotate(soonest_opening=Subquery(soonest))
        then = ["distance_sq", "name", "pk"] if near else ["name", "pk"]
        return queryset.order_by(F("soonest_opening").asc(nulls_last=True), *then)

    def filter_verified(self, queryset, name, value: bool):
        # A verification over 12 months old no longer counts (directory.trust).
        valid = Q(verified=True, verified_at__gte=verified_since(timezone.localdate(self._moment())))
        return queryset.filter(valid if value else ~valid)
