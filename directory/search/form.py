"""The search FilterSet's form, and how the search page lays it out.

The page renders this form's fields (templates/includes/_search_field.html): labels, choices,
bounds, widgets and messages all come from the filters of directory.search.filters. The fields
of ROW_FIELDS stand in the row above "More filters"; every other visible field, a new filter
included, goes in the "More filters" panel, a checkbox group as a fieldset of its own.
"""

from __future__ import annotations

from django.forms import BoundField
from django.utils.translation import gettext_lazy as _

from directory.search import fulltext
from directory.search.fields import RawCheckedForm

ROW_FIELDS = ("near", "radius", "q", "available_within", "sort")


class ClinicSearchForm(RawCheckedForm):
    """Checks that need more than one parameter, and the page's layout of the fields."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "f-%s")  # short ids the page's scripts, styles and tests name
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        near_given = bool(str(self.data.get(self.add_prefix("near")) or "").strip())
        if not near_given:
            if cleaned.get("radius") is not None:
                self.add_error("radius", _("A radius needs a place: add near (a ZIP code, 'City, ST' or lat,lng)."))
            if cleaned.get("sort") == "distance":
                self.add_error("sort", _("Sorting by distance needs a place: add near (a ZIP code or 'City, ST')."))
        if cleaned.get("sort") == "relevance" and not fulltext.search_terms(cleaned.get("q") or ""):
            self.add_error("sort", _("Sorting by best match needs a keyword: add q (a word such as 'infusion')."))
        return cleaned

    @property
    def row_fields(self) -> list[BoundField]:
        return [self[name] for name in ROW_FIELDS if name in self.fields]

    @property
    def panel_fields(self) -> list[BoundField]:
        return [field for field in self.visible_fields() if field.name not in ROW_FIELDS]

    @property
    def panel_chosen(self) -> bool:
        """Whether the visitor chose anything in the panel: then it opens on the results page."""
        return self.is_bound and any(field.data for field in self.panel_fields)

    def shown_values(self, fields: list[BoundField] | None = None) -> tuple:
        """What `fields` (every field by default) show of the request: all their markup depends on, with the
        language and the lookups, so the key of cached markup."""
        return tuple((field.name, field.value()) for field in (self if fields is None else fields))
