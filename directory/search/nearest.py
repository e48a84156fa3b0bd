"""The nearest-first step: which clinics fill a page ordered by distance, read cheaply.

Listing the nearest 20 of 50,000 clinics in a circle makes the database sort all of them,
and SQLite fetches each table row before it sorts. `nearest_keys` therefore

1. asks for primary keys only, which the (lat_band, longitude, latitude, published, name, id)
   index answers without the table (directory.nearby); the rows are then read by key;
2. looks for the page within smaller circles first (1/64 and 1/8 of the radius): when a
   smaller circle already holds every row up to the page's end, no clinic outside it can come
   before them (the circle test and the order use the same squared distance), so the answer
   is the same, and a dense city reads a few hundred index entries instead of fifty thousand.
   Sparse places fall through to the full radius after two tiny queries.

It is a plain function the selectors call with the filtered queryset and the circle, not a
hook inside the QuerySet: other clinic querysets (admin, exports) never pass through it.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count, QuerySet, Window

from directory.geo import Point

RING_FRACTIONS = (1 / 64, 1 / 8)
# Below this many matches (when a count ran first, as a page does) one plain query is cheapest.
SMALL_RESULT = 1000
DISTANCE_ORDER = ("distance_sq", "name", "pk")


def keys_within(
    queryset: QuerySet, *, point: Point, miles: float, order: Sequence = DISTANCE_ORDER, start: int = 0, stop: int
) -> list[int]:
    """Primary keys of rows `start`..`stop` of `queryset` within `miles` of `point`, in `order`."""
    ordered = queryset.near(point, miles).order_by(*order)
    return list(ordered.values_list("pk", flat=True)[start:stop])


def nearest_keys(
    queryset: QuerySet, *, point: Point, miles: float, start: int, stop: int, known_count: int | None = None
) -> list[int]:
    """Primary keys of rows `start`..`stop` of `queryset` within `miles` of `point`, nearest first.

    `queryset` holds every other filter (ANDed, as a FilterSet builds it) but not the circle.
    `known_count` (the matches in the full circle, when counted already) skips the smaller
    circles for a small result, where one query is cheapest.
    """
    if known_count is None or known_count > SMALL_RESULT:
        for fraction in RING_FRACTIONS:
            keys = keys_within(queryset, point=point, miles=miles * fraction, start=start, stop=stop)
            if len(keys) == stop - start:
                return keys
    return keys_within(queryset, point=point, miles=miles, start=start, stop=stop)


def keys_with_total(
    queryset: QuerySet, *, point: Point, miles: float, start: int, stop: int
) -> tuple[list[int], int | None]:
    """Keys of rows `start`..`stop` within `miles` of `point`, nearest first, and how many match in all.

    One query: `COUNT(*) OVER ()` counts the whole circle while the page is read. The total is
    None when the page is empty (past the end, or nothing matches): count plainly then.
    """
    ordered = queryset.near(point, miles).annotate(total=Window(Count("pk"))).order_by(*DISTANCE_ORDER)
    rows = list(ordered.values_list("pk", "total")[start:stop])
    return [pk for pk, _total in rows], (rows[0][1] if rows else None)
