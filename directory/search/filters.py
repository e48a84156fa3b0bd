"""The clinic search FilterSet: one definition behind the HTML pages and GET /api/clinics/.

Every parameter of docs/API.md is a filter here, so the two surfaces cannot
disagree about what a query means or which input is refused.
"""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory import geo, lookup_masks
from directory.geo import Place
from directory.models import City, Clinic, Condition, Language, PaymentOption, Treatment
from directory.search import fulltext
from directory.search.fields import (
    KeywordField,
    LookupChoiceField,
    LookupMultipleChoiceField,
    StrictBooleanField,
)
from directory.search.form import ClinicSearchForm
from directory.search.keys import chosen_filter_names
from directory.search.keyword import MAX_KEYWORD_LENGTH, keyword_matches
from directory.search.open_now import open_at_condition
from directory.search.place import DEFAULT_RADIUS_MILES, PlaceField, PlaceInput, RadiusField
from directory.search_availability import AvailabilityFilterMixin

SORT_CHOICES = [
    ("relevance", _("Best match")),
    ("distance", _("Distance")),
    ("name", _("Name")),
    ("soonest", _("Soonest opening")),
]


class PlaceFilter(django_filters.Filter):
    field_class = PlaceField


class RadiusFilter(django_filters.Filter):
    field_class = RadiusField


class StrictBooleanFilter(django_filters.Filter):
    field_class = StrictBooleanField


class KeywordFilter(django_filters.CharFilter):
    field_class = KeywordField


class LookupChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = LookupChoiceField


class LookupMultipleChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = LookupMultipleChoiceField


def _without_blank_choices(data):
    """A select's "any" option sends `condition=`: in a repeatable choice a blank means no choice, not an unknown."""
    if data is None or not hasattr(data, "getlist"):
        return data
    names = [name for name in ("condition", "treatment") if any(not v.strip() for v in data.getlist(name))]
    if not names:
        return data
    data = data.copy()
    for name in names:
        data.setlist(name, [value for value in data.getlist(name) if value.strip()])
    return data


def _chosen(value) -> list:
    """The chosen lookups of a multiple-choice filter.

    With nothing chosen django-filter passes the method an empty `queryset.none()`, which slips past
    its empty-value check; reading it would still build and run (to nothing) a query.
    """
    if isinstance(value, QuerySet) and value.query.is_empty():
        return []
    return list(value)


def _choice_errors(unknown_value, unknown_pk) -> dict:
    """Whole sentences per lookup (not "Unknown {thing}"), so each language can word them."""
    return {"invalid_choice": unknown_value, "invalid_pk_value": unknown_pk}


class ClinicFilter(AvailabilityFilterMixin, django_filters.FilterSet):
    near = PlaceFilter(
        field_name="latitude",
        method="filter_nothing",  # the circle is applied by in_circle, which needs the radius too
        label=_("Near (ZIP code or City, ST)"),
        widget=PlaceInput(
            attrs={"maxlength": 100, "placeholder": _("e.g. 30303 or Atlanta, GA"), "autocomplete": "postal-code"}
        ),
    )
    radius = RadiusFilter(
        field_name="latitude",
        method="filter_nothing",
        label=_("Within (miles)"),
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "placeholder": f"{DEFAULT_RADIUS_MILES:g}"}),
    )
    city = django_filters.ModelChoiceFilter(
        field_name="city",
        lookup_expr="exact",
        to_field_name="slug",
        queryset=City.objects.all(),
        label=_("City"),
        widget=forms.HiddenInput,  # thousands of cities: pages link to a city's own page instead
        error_messages={"invalid_choice": _("Unknown city '%(value)s'.")},
    )
    condition = LookupMultipleChoiceFilter(
        field_name="conditions",
        lookup_expr="exact",
        to_field_name="slug",
        queryset=Condition.objects.all(),
        method="filter_all_conditions",
        label=_("Conditions treated (all of)"),
        widget=forms.CheckboxSelectMultiple,
        error_messages=_choice_errors(_("Unknown condition '%(value)s'."), _("Unknown condition '%(pk)s'.")),
    )
    treatment = LookupMultipleChoiceFilter(
        field_name="treatments",
        lookup_expr="exact",
        to_field_name="slug",
        queryset=Treatment.objects.all(),
        method="filter_any_treatment",
        label=_("Treatments (any of)"),
        widget=forms.CheckboxSelectMultiple,
        error_messages=_choice_errors(_("Unknown treatment '%(value)s'."), _("Unknown treatment '%(pk)s'.")),
    )
    payment = LookupChoiceFilter(
        field_name="payment_options",
        lookup_expr="exact",
        to_field_name="slug",
        queryset=PaymentOption.objects.all(),
        method="filter_lookup",
        label=_("Payment"),
        empty_label=_("Any"),
        error_messages={"invalid_choice": _("Unknown payment option '%(value)s'.")},
    )
    language = LookupChoiceFilter(
        field_name="languages",
        lookup_expr="exact",
        to_field_name="code",
        queryset=Language.objects.all(),
        method="filter_lookup",
        label=_("Language spoken"),
        empty_label=_("Any"),
        error_messages={"invalid_choice": _("Unknown language code '%(value)s'.")},
    )
    accepting_new_patients = StrictBooleanFilter(
        field_name="accepting_new_patients", lookup_expr="exact", label=_("Accepting new patients")
    )
    telehealth = StrictBooleanFilter(field_name="telehealth", lookup_expr="exact", label=_("Telehealth"))
    verified = StrictBooleanFilter(field_name="verified", method="filter_verified", label=_("Verified listing"))
    open_now = StrictBooleanFilter(field_name="opening_hours", method="filter_open_now", label=_("Open now"))
    q = KeywordFilter(
        field_name="name",
        method="filter_keyword",
        max_length=MAX_KEYWORD_LENGTH,
        label=_("Keyword"),
        widget=forms.SearchInput(attrs={"placeholder": _("Clinic name, city or ZIP")}),
        error_messages={"max_length": _("Keep the keyword to %(limit_value)d characters or fewer.")},
    )
    sort = django_filters.ChoiceFilter(
        field_name="name",
        method="filter_nothing",  # ordering is applied last, in filter_queryset
        choices=SORT_CHOICES,
        label=_("Sort by"),
        empty_label=_("Default"),
        error_messages={"invalid_choice": _("Sort by relevance, distance, name or soonest opening.")},
    )

    class Meta:
        model = Clinic
        fields: list[str] = []
        form = ClinicSearchForm

    def __init__(self, data=None, queryset=None, *, now: datetime.datetime | None = None, **kwargs):
        # Whatever queryset a caller passes, unpublished clinics never leave this filter.
        queryset = (queryset if queryset is not None else Clinic.objects.all()).published()
        super().__init__(_without_blank_choices(data), queryset, **kwargs)
        self.now = now

    def get_form_class(self):
        # The fields depend on nothing per request (labels and messages are lazy, querysets are copied
        # per form), so the class is built once per process: building it cost ~1.5 ms a search.
        form_class = type(self).__dict__.get("_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            type(self)._form_class = form_class
        return form_class

    @property
    def chosen_place(self) -> Place | None:
        return self.form.cleaned_data.get("near") if self.is_valid() else None

    @property
    def chosen_radius(self) -> float | None:
        if self.chosen_place is None:
            return None
        return self.form.cleaned_data.get("radius") or DEFAULT_RADIUS_MILES

    @property
    def chosen_terms(self) -> list[str]:
        """The keyword's searchable words (none without a keyword)."""
        return fulltext.search_terms(self.form.cleaned_data.get("q") or "") if self.is_valid() else []

    @property
    def keyword_only(self) -> bool:
        """A keyword and no other filter: the keyword index alone can count and list the matches."""
        return bool(self.chosen_terms) and set(chosen_filter_names(self)) <= {"q", "sort"}

    @property
    def narrows_beyond_place(self) -> bool:
        """Some filter besides the place: the near index alone cannot count the matches."""
        return bool(set(chosen_filter_names(self)) - {"near", "radius", "sort"})

    @property
    def chosen_sort(self) -> str:
        """Nearest first with a place; else best match with a keyword; else by name."""
        chosen = self.form.cleaned_data.get("sort") if self.is_valid() else None
        if chosen:
            return chosen
        if self.chosen_place is not None:
            return "distance"
        return "relevance" if self.chosen_terms else "name"

    def narrowed(self) -> QuerySet:
        """Every filter but the place (and the keyword with a place: `within`), unordered.

        Where the nearest-first step and the count start.
        """
        return super().filter_queryset(self.queryset.all())

    def in_circle(self, queryset) -> QuerySet:
        place = self.chosen_place
        if place is None:
            # Without a place, lists and deep pages read the (published, name, id) index alone. Django writes
            # published=True as a bare `WHERE published`, which SQLite cannot match to an index's first column.
            return queryset.filter(published__in=[True])
        return self.within(queryset, place.point, self.chosen_radius)

    def within(self, queryset, point: geo.Point, miles: float) -> QuerySet:
        """The clinics of `queryset` within `miles` of `point` that hold the keyword, if one was asked.

        With a place the keyword belongs to the circle, not to `narrowed`: the index then reads only
        the keyword's matches in that circle's cells, and the nearest-first step's small circles
        (directory.search.nearest) read only theirs.
        """
        circle = queryset.near(point, miles)
        text = self.form.cleaned_data.get("q") if self.is_valid() else None
        return keyword_matches(circle, text, near=(point, miles)) if text else circle

    def ordered(self, queryset) -> QuerySet:
        if self.chosen_sort == "soonest":
            return self.order_by_soonest(queryset, near=self.chosen_place is not None)
        if self.chosen_sort == "distance":
            return queryset.order_by("distance_sq", "name", "pk")
        return queryset.order_by("name", "pk")

    def filter_queryset(self, queryset):
        return self.ordered(self.in_circle(super().filter_queryset(queryset)))

    def filter_nothing(self, queryset, name, value):
        return queryset

    # The lookups are tested on the clinic's masks (directory.lookup_masks), which the near index holds;
    # a lookup outside the vocabulary has no bit and is tested with an EXISTS on the relation instead.

    def filter_all_conditions(self, queryset, name, value):
        chosen = _chosen(value)
        mask = lookup_masks.bits_of("conditions", chosen)
        if mask is not None:
            return queryset.filter(lookup_masks.holds_all("conditions", mask)) if mask else queryset
        through = Clinic.conditions.through
        for condition in chosen:  # one EXISTS each: a clinic must treat every one, and no join multiplies rows
            queryset = queryset.filter(Exists(through.objects.filter(clinic=OuterRef("pk"), condition=condition)))
        return queryset

    def filter_any_treatment(self, queryset, name, value):
        return self._holding_any(queryset, "treatments", _chosen(value))

    def filter_lookup(self, queryset, name, value):
        return self._holding_any(queryset, name, [value] if value else [])

    def _holding_any(self, queryset, relation: str, chosen: list):
        if not chosen:
            return queryset
        mask = lookup_masks.bits_of(relation, chosen)
        if mask is not None:
            return queryset.filter(lookup_masks.holds_any(relation, mask))
        through = getattr(Clinic, relation).through
        target = Clinic._meta.get_field(relation).related_model._meta.model_name
        return queryset.filter(Exists(through.objects.filter(clinic=OuterRef("pk"), **{f"{target}__in": chosen})))

    def filter_open_now(self, queryset, name, value: bool):
        condition = open_at_condition(self.now or timezone.now())
        return queryset.filter(condition if value else ~condition)

    def filter_keyword(self, queryset, name, value: str):
        if self.chosen_place is not None:
            return queryset  # applied with each circle: `within`
        return keyword_matches(queryset, value)
