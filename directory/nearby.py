"""The SQL side of "near me": an index-friendly circle filter, and nearest-first pages that read little.

`WithinMiles` renders, for a point and a radius, `lat_band IN (…) AND longitude
BETWEEN … AND latitude BETWEEN … AND <flat-earth distance²> <= r²`. The first two
terms are one range read per latitude band of the (lat_band, longitude, latitude,
published, name, id) index; the rest is checked on the index entry itself, so counting the
clinics in a circle never touches the table.

Listing the nearest 20 of 50,000 clinics in a circle is another matter: the
database must sort all of them, and SQLite fetches each table row before it
sorts. `nearest_first_page` therefore (1) asks for the primary keys only, which
the index answers without the table (it also holds `name`, the usual tie-break),
then fetches the page's rows by key; and (2) looks for the page within smaller
circles first (1/64 and 1/8 of the radius): if a smaller circle already holds the
whole page, no clinic outside it can come before it, so the answer is the same,
and a dense city reads a few hundred index entries instead of fifty thousand
(filters on other columns, such as the pre-screen's, then read few rows too).
Sparse places fall through to the full radius after two tiny queries.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from django.db.models import BooleanField, Expression, F, Q, Value
from django.db.models.lookups import Exact, LessThanOrEqual
from django.db.models.sql.where import WhereNode

from directory import geo

if TYPE_CHECKING:
    from django.db.models import QuerySet

# Latitude bands: band = floor((latitude + 90) * BANDS_PER_DEGREE), about 3.5 miles tall.
BANDS_PER_DEGREE = 20
RING_FRACTIONS = (1 / 64, 1 / 8)
# Below this many matches (when a count ran first, as a paginator does) one plain query is cheapest.
SMALL_RESULT = 1000


def latitude_band(latitude: float) -> int:
    """The band of `latitude`, as the database computes Clinic.lat_band (same float operations)."""
    return math.floor((latitude + 90) * BANDS_PER_DEGREE)


def squared_distance(point: geo.Point):
    """Equirectangular squared distance in degrees of latitude: cheap, monotonic enough to order by."""
    scale = geo.longitude_scale(point.latitude)
    d_lat = F("latitude") - Value(point.latitude)
    d_lng = (F("longitude") - Value(point.longitude)) * Value(scale)
    return d_lat * d_lat + d_lng * d_lng


class WithinMiles(Expression):
    """Boolean SQL condition: the row's latitude/longitude lie within `miles` of `point`."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, point: geo.Point, miles: float, condition=None):
        super().__init__()
        self.point = point
        self.miles = miles
        self.condition = condition

    def __repr__(self) -> str:
        return f"WithinMiles({self.point!r}, {self.miles!r})"

    def _q(self) -> Q:
        box = geo.bounding_box(self.point, self.miles)
        radius = geo.miles_to_degrees(self.miles)
        return Q(
            LessThanOrEqual(squared_distance(self.point), radius * radius),
            lat_band__in=list(range(latitude_band(box.min_lat), latitude_band(box.max_lat) + 1)),
            longitude__gte=box.min_lng,
            longitude__lte=box.max_lng,
            latitude__gte=box.min_lat,
            latitude__lte=box.max_lat,
        )

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        if self.condition is not None:
            # Already resolved: every compile of the query asks again (Lookup.process_lhs), and building
            # the condition anew each time was a fifth of a search request's CPU.
            return self
        resolved = self.copy()
        resolved.condition = self._q().resolve_expression(query, allow_joins, reuse, summarize, for_save)
        return resolved

    def get_source_expressions(self):
        return [self.condition] if self.condition is not None else []

    def set_source_expressions(self, exprs):
        if exprs:
            (self.condition,) = exprs

    def as_sql(self, compiler, connection):
        return compiler.compile(self.condition)


def _near_lookups(node) -> list[Exact | None]:
    if isinstance(node, WhereNode):
        found = [lookup for child in node.children for lookup in _near_lookups(child)]
        # Under a NOT or an OR a smaller circle is no longer a subset of the answer: leave such queries alone.
        return [None, None] if found and (node.negated or node.connector != "AND") else found
    if isinstance(node, Exact) and isinstance(node.lhs, WithinMiles):
        return [node]
    return []


def _with_radius(node, miles: float, query):
    """A copy of the where tree with the (single) WithinMiles condition narrowed to `miles`."""
    if isinstance(node, WhereNode):
        return node.create([_with_radius(child, miles, query) for child in node.children], node.connector, node.negated)
    if isinstance(node, Exact) and isinstance(node.lhs, WithinMiles):
        return Exact(WithinMiles(node.lhs.point, miles).resolve_expression(query), node.rhs)
    return node


def _within(queryset: QuerySet, miles: float | None, *, keys_only: bool) -> list:
    """The page within `miles` (None: the queryset's own radius), as primary keys or as the queryset's own rows."""
    attempt = queryset._chain()
    if miles is not None:
        attempt.query.where = _with_radius(attempt.query.where, miles, attempt.query)
    if keys_only:
        # Read from the index alone when every filter is on indexed columns.
        attempt = attempt.values_list("pk", flat=True)
        attempt._prefetch_related_lookups = ()
    attempt._nearest_first_tried = True
    return list(attempt)


def nearest_first_page(queryset: QuerySet) -> list | None:
    """The rows of a sliced, distance-ordered queryset, read cheaply; None when the queryset is not one.

    Model rows: keys from the index (in a smaller circle if it holds the page), then rows by key.
    values()/values_list() rows: the same query within a smaller circle if it holds the page.
    """
    from django.db.models.query import ModelIterable

    query = queryset.query
    if not query.is_sliced or query.high_mark is None or not query.order_by:
        return None
    if query.order_by[0] != "distance_sq" or query.combinator or query.distinct:
        return None
    lookups = _near_lookups(query.where)
    if len(lookups) != 1 or lookups[0] is None or lookups[0].rhs is not True:
        return None
    known_count = getattr(queryset, "_known_count", None)
    if known_count is not None and known_count <= SMALL_RESULT:
        return None
    near = lookups[0].lhs
    wanted = query.high_mark - query.low_mark
    models_wanted = queryset._iterable_class is ModelIterable and not queryset._fields
    for fraction in RING_FRACTIONS:
        found = _within(queryset, near.miles * fraction, keys_only=models_wanted)
        if len(found) == wanted:
            break
    else:
        if not models_wanted:
            return None  # values()/values_list(): the query as it is
        found = _within(queryset, None, keys_only=True)
    if not models_wanted:
        return found
    if not found:
        return []
    rows = queryset._chain()
    rows.query.clear_limits()
    rows.query.clear_ordering(force=True)
    rows = rows.filter(pk__in=found)
    rows._nearest_first_tried = True
    by_id = {row.pk: row for row in rows}
    return [by_id[pk] for pk in found if pk in by_id]
