"""The `q` (keyword) filter: clinics whose name, place, services or description hold every word.

One function, called by the FilterSet's `q` filter, so the rule can change here alone; the
index behind it is directory.search.fulltext.
"""

from __future__ import annotations

from django.db.models import QuerySet

from directory.search import fulltext

MAX_KEYWORD_LENGTH = 200


def keyword_matches(queryset: QuerySet, text: str) -> QuerySet:
    return fulltext.matching(queryset, fulltext.search_terms(text))
