"""The `q` (keyword) filter: clinics whose name, place, services or description hold every word.

One function, called by the FilterSet's `q` filter, so the rule can change here alone; the
index behind it is directory.search.fulltext.
"""

from __future__ import annotations

from django.db.models import QuerySet

from directory import geo
from directory.search import fulltext

MAX_KEYWORD_LENGTH = 200


def keyword_matches(queryset: QuerySet, text: str, *, near: tuple[geo.Point, float] | None = None) -> QuerySet:
    """`near` (a point and miles) lets the index keep only the matches around the place searched."""
    return fulltext.matching(queryset, fulltext.search_terms(text), near=near)
