"""The matches of one valid search: how many (bounded by counts.COUNT_LIMIT) and which fill the page.

The querysets are built only when a cached answer does not serve (directory.search.results).
Distance order takes the page's keys from the nearest-first step (directory.search.nearest),
best match from the keyword index (directory.search.fulltext), name order from the
(published, name, id) index, read from its far end for pages past the middle of the list.
"""

from __future__ import annotations

from functools import cached_property

from directory.search import counts, fulltext
from directory.search.counts import counted_exactly
from directory.search.filters import ClinicFilter
from directory.search.nearest import keys_with_total, nearest_keys


class Matches:
    """The querysets of one valid search, built only when a cached answer does not serve."""

    def __init__(self, filterset: ClinicFilter, *, start: int, stop: int):
        self.filterset = filterset
        self.asked = (start, stop)  # the page asked for, before the count says whether it exists
        self.counted_page: list[int] | None = None  # its keys, when the count read them too

    @cached_property
    def narrowed(self):
        return self.filterset.narrowed()

    @cached_property
    def matches(self):
        return self.filterset.in_circle(self.narrowed)

    def count(self) -> int:
        """How many match: at most COUNT_LIMIT + 1, unless the list is counted exactly (counts.counted_exactly)."""
        filterset = self.filterset
        if counted_exactly(filterset):
            return self.matches.count()
        limit = counts.COUNT_LIMIT + 1
        if filterset.keyword_only:
            return fulltext.count(filterset.chosen_terms, limit=limit)
        if filterset.chosen_sort == "distance" and filterset.narrows_beyond_place:
            # Filters the index cannot answer make counting visit the clinics of the circle, as listing its
            # nearest does: one query does both (the page and a window count of its first `limit` matches).
            start, stop = self.asked
            point, miles = filterset.chosen_place.point, filterset.chosen_radius
            page, total = keys_with_total(
                self.narrowed, point=point, miles=miles, start=start, stop=stop, limit=limit, within=filterset.within
            )
            if total is not None:
                self.counted_page = page  # None when more than the limit match: the nearest are read apart
                return total
        return self.matches.order_by()[:limit].count()  # unordered: the LIMIT stops the scan, no sort first

    def page_keys(self, *, start: int, stop: int, count: int) -> list[int]:
        """Keys `start`..`stop` of the matches, `count` of them as counted (COUNT_LIMIT + 1: more than COUNT_LIMIT)."""
        filterset = self.filterset
        if self.counted_page and start == self.asked[0]:
            return self.counted_page[: stop - start]
        if filterset.chosen_sort == "distance":
            point, miles = filterset.chosen_place.point, filterset.chosen_radius
            return nearest_keys(
                self.narrowed,
                point=point,
                miles=miles,
                start=start,
                stop=stop,
                known_count=count,
                within=filterset.within,
            )
        if filterset.chosen_sort == "relevance":
            terms, keyword_only = filterset.chosen_terms, filterset.keyword_only
            return fulltext.best_match_keys(
                self.matches, terms, keyword_only=keyword_only, count=count, start=start, stop=stop
            )
        if filterset.chosen_sort == "name" and counted_exactly(filterset) and start > count // 2:
            return keys_from_the_end(self.matches, start=start, stop=stop, count=count)
        # Keys only: the (published, name, id) index answers an unfiltered list and its deep pages.
        return list(filterset.ordered(self.matches).values_list("pk", flat=True)[start:stop])


def keys_from_the_end(matches, *, start: int, stop: int, count: int) -> list[int]:
    """Keys `start`..`stop` of `matches` (`count` of them, exactly) by name, read from the end of the name order.

    An OFFSET walks the index up to the page: past the middle of the list the walk from the other
    end is the shorter one (the last page of a million clinics reads 20 entries, not 999,980).
    """
    backwards = matches.order_by("-name", "-pk").values_list("pk", flat=True)[count - stop : count - start]
    return list(reversed(backwards))
