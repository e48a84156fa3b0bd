"""The nearest-first step: which clinics fill a page ordered by distance, read cheaply.

Listing the nearest 20 of 50,000 clinics in a circle makes the database sort all of them,
and SQLite fetches each table row before it sorts. `nearest_keys` therefore

1. asks for primary keys only, which the (lat_band, longitude, latitude, published, name, id)
   index answers without the table (directory.nearby); the rows are then read by key;
2. looks for the page within smaller circles first (1, 4 and 16 miles, those under half the
   radius): when a smaller circle already holds every row up to the page's end, no clinic
   outside it can come before them (the circle test and the order use the same squared
   distance), so the answer is the same, and a dense city reads a few hundred index entries
   instead of fifty thousand, whatever the radius (1/64 of 500 miles held 5,000 around New
   York). Sparse places fall through to the full radius after two or three tiny queries.

It is a plain function the selectors call with the filtered queryset and the circle, not a
hook inside the QuerySet: other clinic querysets (admin, exports) never pass through it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.db.models import Count, QuerySet, Window

from directory.geo import Point
from directory.nearby import squared_distance

RING_MILES = (1.0, 4.0, 16.0)
# Below this many matches (when a count ran first, as a page does) one plain query is cheapest.
SMALL_RESULT = 1000
DISTANCE_ORDER = ("distance_sq", "name", "pk")
# (queryset, point, miles) -> the rows of queryset in that circle; a search's own also applies its keyword there.
Within = Callable[[QuerySet, Point, float], QuerySet]


def in_the_circle(queryset: QuerySet, point: Point, miles: float) -> QuerySet:
    return queryset.near(point, miles)


def keys_within(
    queryset: QuerySet,
    *,
    point: Point,
    miles: float,
    order: Sequence = DISTANCE_ORDER,
    start: int = 0,
    stop: int,
    within: Within = in_the_circle,
) -> list[int]:
    """Primary keys of rows `start`..`stop` of `queryset` within `miles` of `point`, in `order`."""
    ordered = within(queryset, point, miles).order_by(*order)
    return list(ordered.values_list("pk", flat=True)[start:stop])


def nearest_keys(
    queryset: QuerySet,
    *,
    point: Point,
    miles: float,
    start: int,
    stop: int,
    known_count: int | None = None,
    within: Within = in_the_circle,
) -> list[int]:
    """Primary keys of rows `start`..`stop` of `queryset` within `miles` of `point`, nearest first.

    `queryset` holds every other filter (ANDed, as a FilterSet builds it) but not the circle.
    `known_count` (the matches in the full circle, when counted already) skips the smaller
    circles for a small result, where one query is cheapest.
    """
    if known_count is None or known_count > SMALL_RESULT:
        for ring in (ring for ring in RING_MILES if ring < miles / 2):
            keys = keys_within(queryset, point=point, miles=ring, start=start, stop=stop, within=within)
            if len(keys) == stop - start:
                return keys
    return keys_within(queryset, point=point, miles=miles, start=start, stop=stop, within=within)


def keys_with_total(
    queryset: QuerySet,
    *,
    point: Point,
    miles: float,
    start: int,
    stop: int,
    limit: int,
    within: Within = in_the_circle,
) -> tuple[list[int] | None, int | None]:
    """Keys of rows `start`..`stop` within `miles` of `point`, nearest first, and how many match, up to `limit`.

    One query: the first `limit` matches found (in index order, so the scan stops there) are
    counted with `COUNT(*) OVER ()` while the page is read from them. When `limit` were found,
    more may match and the nearest need not be among them: the keys are then None (read them
    with nearest_keys). The total is None when the page is empty (past the end, or nothing
    matches): count plainly then.
    """
    found = within(queryset, point, miles).order_by().values("pk")[:limit]
    ordered = (
        queryset.model.objects.filter(pk__in=found)  # every filter applied once, in `found`
        .annotate(distance_sq=squared_distance(point), total=Window(Count("pk")))
        .order_by(*DISTANCE_ORDER)
    )
    rows = list(ordered.values_list("pk", "total")[start:stop])
    if not rows:
        return [], None
    total = rows[0][1]
    return (None if total >= limit else [pk for pk, _total in rows]), total
