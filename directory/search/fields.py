"""Form fields and forms for clinic search, shared by the HTML pages and the JSON API (place and radius: .place).

Raw query strings are checked for NUL bytes, over-long values and too many
repeats before any field touches the database: PostgreSQL refuses NUL bytes
in text, so such a value must become a 400 naming the parameter, never a 500.
The same limits keep what a page echoes back into its form fields harmless.
"""

from __future__ import annotations

import django_filters.fields
from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.display_names import lookup_label
from directory.search.fulltext import search_terms

MAX_RAW_LENGTH = 200
MAX_REPEATS = 20
TRUE_WORDS = frozenset({"true", "1"})
FALSE_WORDS = frozenset({"false", "0"})


def raw_input_errors(data, names) -> dict[str, list[str]]:
    """Problems in the raw values of the parameters `names` (a QueryDict or a plain dict)."""
    errors: dict[str, list[str]] = {}
    for name in names:
        if hasattr(data, "getlist"):
            values = data.getlist(name)
        else:
            value = data.get(name)
            values = [] if value is None else value if isinstance(value, list | tuple) else [value]
        if len(values) > MAX_REPEATS:
            errors[name] = [_("Give at most %(count)d values for %(name)s.") % {"count": MAX_REPEATS, "name": name}]
        elif any("\x00" in str(value) for value in values):
            errors[name] = [_("Remove the NUL character from this value.")]
        elif any(len(str(value)) > MAX_RAW_LENGTH for value in values):
            errors[name] = [_("Keep this value to %(count)d characters or fewer.") % {"count": MAX_RAW_LENGTH}]
    return errors


def _echo(value):
    """Raw text safe to put back into a form field: no NUL bytes, no endless strings."""
    if isinstance(value, list | tuple):
        return [_echo(item) for item in value[:MAX_REPEATS]]
    if isinstance(value, str):
        return value.replace("\x00", "")[:MAX_RAW_LENGTH]
    return value


class EchoedBoundField(forms.BoundField):
    """A field whose widget shows what the visitor sent, less what RawCheckedForm refuses."""

    def value(self):
        return _echo(super().value())


class RawCheckedForm(forms.Form):
    """A form that refuses NUL bytes, over-long values and endless repeats up front.

    When the raw input is unusable, only those problems are reported: cleaning
    the other fields could send the bad bytes on to the database.
    """

    bound_field_class = EchoedBoundField

    def full_clean(self) -> None:
        if self.is_bound:
            problems = raw_input_errors(self.data, [self.add_prefix(name) for name in self.fields])
            if problems:
                self._errors = ErrorDict()
                self.cleaned_data = {}
                for name, messages in problems.items():
                    self.add_error(name if name in self.fields else None, messages)
                return
        super().full_clean()


class YesNoSelect(forms.Select):
    """Any, Yes or No: what a StrictBooleanField reads (empty, `true`, `false`), as a page offers it."""

    def __init__(self, attrs=None):
        choices = [("", gettext_lazy("Any")), ("true", gettext_lazy("Yes")), ("false", gettext_lazy("No"))]
        super().__init__(attrs, choices)


class StrictBooleanField(forms.Field):
    """`true`/`false` (or `1`/`0`); empty means "either". Anything else is an error.

    Django's NullBooleanField quietly turns junk into "either", which would hide
    a typo such as `verified=yes please`.
    """

    default_error_messages = {"invalid": gettext_lazy("Use true or false.")}
    widget = YesNoSelect

    def prepare_value(self, value):
        # `1` and `TRUE` mean what `true` means, so the page shows them as "Yes".
        word = str(value).strip().lower() if value is not None else ""
        if word in TRUE_WORDS:
            return "true"
        if word in FALSE_WORDS:
            return "false"
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValidationError(self.error_messages["invalid"], code="invalid")

    def validate(self, value) -> None:
        if value is None and self.required:
            raise ValidationError(self.error_messages["required"], code="required")


class KeywordField(forms.CharField):
    """A keyword, cleaned to its searchable words: "Infusion!" and "infusion" are one search, with one cache key.

    The page shows back what the visitor typed (a bound field shows its data, not its cleaned value).
    """

    def clean(self, value):
        text = super().clean(value)
        return " ".join(search_terms(text)) if text else text


class LookupChoiceField(django_filters.fields.ModelChoiceField):
    """One lookup (a payment option, a language…), offered by its name in the visitor's language."""

    def label_from_instance(self, obj) -> str:
        return lookup_label(obj)


class LookupMultipleChoiceField(django_filters.fields.ModelMultipleChoiceField):
    """Several lookups (conditions, treatments), offered by their names in the visitor's language."""

    def label_from_instance(self, obj) -> str:
        return lookup_label(obj)


class PageForm(RawCheckedForm):
    """Which page of results, and how many per page."""

    page = forms.IntegerField(
        required=False,
        min_value=1,
        error_messages={
            "invalid": gettext_lazy("Enter a whole page number, starting at 1."),
            "min_value": gettext_lazy("Pages start at 1."),
        },
    )
    page_size = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=100,
        error_messages={
            "invalid": gettext_lazy("Enter a whole number from 1 to 100."),
            "min_value": gettext_lazy("Show at least 1 result per page."),
            "max_value": gettext_lazy("Show at most 100 results per page."),
        },
    )
