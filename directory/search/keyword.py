"""The `q` (keyword) filter: clinics whose name, description or city holds every word, or whose ZIP is one.

One function, called by the FilterSet's `q` filter, so the rule can change here alone.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

MAX_KEYWORD_LENGTH = 200
MAX_KEYWORD_WORDS = 8  # keeps the SQL bounded however long the keyword text is


def keyword_matches(queryset: QuerySet, text: str) -> QuerySet:
    for word in text.split()[:MAX_KEYWORD_WORDS]:
        queryset = queryset.filter(
            Q(name__icontains=word) | Q(description__icontains=word) | Q(city__name__icontains=word) | Q(zip_code=word)
        )
    return queryset
