"""How many clinics a search matches, counted once and then remembered until a listing changes.

Counting the published clinics within 25 miles of Manhattan reads about 51,000 index entries
at a million clinics: 16 ms just to walk them, ~28 ms with the circle test, on SQLite and
PostgreSQL alike, more than everything else the search does. The page of 20 rows itself is
read from a small circle (directory.nearby), so the count is what grows with density.

The count of one query stays the same until a listing changes, so it is kept in the
`listings` cache under the query's SQL and parameters, tagged with the listings' version token
(directory.listing_version): any write to a clinic, its lookups, hours or city makes every
remembered count stale at once. Counts are also dropped after listing_version.ANSWER_SECONDS, which
bounds how long another process with its own local-memory cache can lag behind.
"""

from __future__ import annotations

import hashlib

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from directory.listing_version import cached_with_version

KEY_PREFIX = "directory:search-count:"


def count_key(queryset) -> str:
    """A cache key naming this exact query (SQL, parameters, database)."""
    sql, params = queryset.query.sql_with_params()
    digest = hashlib.sha256(f"{queryset.db}\x00{sql}\x00{params!r}".encode()).hexdigest()
    return KEY_PREFIX + digest


def remembered_count(queryset) -> int:
    """`queryset.count()`, from the cache when the same query was counted since the listings last changed."""
    count = cached_with_version(count_key(queryset), queryset.count)
    # What ClinicQuerySet.count() remembers itself: a small result then skips directory.nearby's smaller circles.
    queryset._known_count = count
    return count


class RememberedCountPaginator(Paginator):
    """A Paginator whose count comes from `remembered_count`."""

    @cached_property
    def count(self) -> int:
        return remembered_count(self.object_list)
