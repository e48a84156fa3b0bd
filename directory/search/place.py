"""The place/radius field pair: `near` (a ZIP code, `City, ST` or `lat,lng`) and `radius` (miles).

One definition read by the search FilterSet (pages and GET /api/clinics/), the pre-screen's
location step, the referrer's form and POST /api/prescreen/: the same text names the same
place everywhere, and a radius outside 1-500 miles is refused with the same words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from directory.geo import Place, UnknownPlace, resolve_place

DEFAULT_RADIUS_MILES = 25.0
MIN_RADIUS_MILES = 1.0
MAX_RADIUS_MILES = 500.0
RADIUS_ERRORS = {
    "invalid": _("Enter the radius as a number of miles from 1 to 500."),
    "min_value": _("The radius must be at least 1 mile."),
    "max_value": _("The radius can be at most 500 miles."),
}
NEAR_NOT_TEXT = _("Give a 5-digit ZIP code, 'City, ST' or 'lat,lng' as text.")


class PlaceInput(forms.TextInput):
    """The place's text box: type-ahead from GET /api/places/ and a "Use my location" button beside it.

    static/js/place_suggest.js fills the `<datalist>` named by `list`; the page puts the datalist and
    the button (static/js/locate.js) next to any field whose widget says `offers_my_location`.
    """

    offers_my_location = True

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        if widget_attrs.get("id"):
            widget_attrs.setdefault("list", f"{widget_attrs['id']}-places")
        widget_attrs.setdefault("data-place-suggest", reverse("directory:api_place_list"))
        return context


class PlaceField(forms.CharField):
    """A ZIP code, `City, ST` or `lat,lng`, cleaned into a directory.geo.Place."""

    def clean(self, value) -> Place | None:
        text = super().clean(value)  # the text's own checks first (required, max_length)
        if not text:
            return None
        try:
            return resolve_place(text)
        except UnknownPlace as error:
            raise ValidationError(str(error), code="unknown_place") from error


class RadiusField(forms.FloatField):
    """Miles from 1 to 500; forms.FloatField already refuses inf and nan ("1e309", "nan")."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", MIN_RADIUS_MILES)
        kwargs.setdefault("max_value", MAX_RADIUS_MILES)
        kwargs.setdefault("error_messages", RADIUS_ERRORS)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, bool):  # JSON true is not a number of miles
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return super().to_python(value)
        except OverflowError:  # float(10**400): too big for any float, so not a radius either
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


@dataclass(frozen=True)
class Location:
    place: Place
    radius_miles: float


class LocationFields(forms.Form):
    near = PlaceField(required=False)
    radius = RadiusField(required=False)


def parse_location(*, near: Any, radius: Any) -> tuple[Location | None, dict[str, list[str]]]:
    """`near`/`radius` of a JSON body: (the location, or None when `near` is not given; errors by name)."""
    if near is not None and not isinstance(near, str):
        form = LocationFields({"radius": radius})
        errors = {"near": [str(NEAR_NOT_TEXT)]}
    else:
        form = LocationFields({"near": near, "radius": radius})
        errors = {}
    valid = form.is_valid() and not errors
    errors.update({name: [str(m) for m in messages] for name, messages in form.errors.items()})
    place = form.cleaned_data.get("near") if valid else None
    if place is None:
        return None, errors
    return Location(place, form.cleaned_data.get("radius") or DEFAULT_RADIUS_MILES), errors
