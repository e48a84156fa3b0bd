"""How many clinics a search matches, counted once and then remembered while the listings stay the same.

Counting the published clinics within 25 miles of Manhattan reads about 51,000 index entries
at a million clinics: 16 ms just to walk them, ~28 ms with the circle test, on SQLite and
PostgreSQL alike, more than everything else the search does. The page itself is read from a
small circle (directory.search.nearest), so the count is what grows with density.

A count therefore stops at COUNT_LIMIT + 1 matches, as search engines do ("more than 1,000"):
counting a keyword most clinics hold, every clinic within 500 miles, or the clinics around
Manhattan that pass four filters reads that many matches instead of most of the directory or
of the circle. A thousand is more than anyone pages through; the open-data export, not the
search, is the way to every listing. Only the first COUNT_LIMIT matches can be paged
through. The whole directory and one city's clinics are counted exactly (their indexes count
them at any size), so their lists can be paged to the end.

The count is kept in the `listings` cache under a key built from the FilterSet's cleaned data
(directory.search.keys) and the listings' generation (directory.listing_version): any write
to the listings makes every remembered count stale at once.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from directory.listing_version import cached_answer
from directory.search.keys import chosen_filter_names, query_key

COUNT_LIMIT = 1_000
# Filters whose lists are counted exactly, however long (the (published, name, id) and city indexes).
EXACTLY_COUNTED = frozenset({"city", "sort"})


def counted_exactly(filterset) -> bool:
    """The whole directory or one city's clinics: counted to the end, not stopped at COUNT_LIMIT."""
    return set(chosen_filter_names(filterset)) <= EXACTLY_COUNTED


def count_key(filterset, *, now: datetime.datetime) -> str:
    return query_key(filterset, now=now, kind="search-count")


def remembered_count(filterset, count: Callable[[], int], *, now: datetime.datetime) -> int:
    """`count()` (of the FilterSet's matches), from the cache when counted in this generation of the listings."""
    return cached_answer(count_key(filterset, now=now), count)
