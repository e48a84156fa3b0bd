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

from django.db.models import BooleanField, Expression, F, FloatField
from django.db.models.lookups import Exact
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


class SquaredDistance(Expression):
    """Equirectangular squared distance in degrees of latitude: cheap, monotonic enough to order by.

    Rendered straight to SQL from the two resolved columns: built from F() and Value() terms the
    ORM resolved and compiled a dozen nodes for it in every query of every search.
    """

    output_field = FloatField()

    def __init__(self, point: geo.Point, columns: tuple | None = None):
        super().__init__()
        self.point = point
        self.columns = columns  # the resolved (latitude, longitude) columns

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.point!r})"

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        if self.columns is not None:
            return self  # already resolved; every compile asks again (Lookup.process_lhs)
        resolved = self.copy()
        resolved.columns = tuple(
            F(name).resolve_expression(query, allow_joins, reuse, summarize) for name in ("latitude", "longitude")
        )
        return resolved

    def get_source_expressions(self):
        return list(self.columns or ())

    def set_source_expressions(self, exprs):
        if exprs:
            self.columns = tuple(exprs)

    def as_sql(self, compiler, connection):
        (lat, lat_params), (lng, lng_params) = (compiler.compile(column) for column in self.columns[:2])
        scale = geo.longitude_scale(self.point.latitude)
        sql = f"((({lat} - %s) * ({lat} - %s)) + ((({lng} - %s) * %s) * (({lng} - %s) * %s)))"
        la, lo = self.point.latitude, self.point.longitude
        return sql, [*lat_params, la, *lat_params, la, *lng_params, lo, scale, *lng_params, lo, scale]


def squared_distance(point: geo.Point) -> SquaredDistance:
    return SquaredDistance(point)


class WithinMiles(SquaredDistance):
    """Boolean SQL condition: the row's latitude/longitude lie within `miles` of `point`.

    `lat_band IN (…) AND latitude BETWEEN … AND longitude BETWEEN … AND distance² <= r²`.
    """

    conditional = True
    output_field = BooleanField()

    def __init__(self, point: geo.Point, miles: float, columns: tuple | None = None):
        super().__init__(point, columns)
        self.miles = miles

    def __repr__(self) -> str:
        return f"WithinMiles({self.point!r}, {self.miles!r})"

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        if self.columns is not None:
            return self
        resolved = self.copy()
        resolved.columns = tuple(
            F(name).resolve_expression(query, allow_joins, reuse, summarize)
            for name in ("latitude", "longitude", "lat_band")
        )
        return resolved

    def as_sql(self, compiler, connection):
        distance_sql, params = super().as_sql(compiler, connection)
        (lat, lat_params), (lng, lng_params), (band, band_params) = (compiler.compile(c) for c in self.columns)
        if lat_params or lng_params or band_params:
            raise ValueError("WithinMiles expects plain columns")
        box = geo.bounding_box(self.point, self.miles)
        radius = geo.miles_to_degrees(self.miles)
        band_field = self.columns[2].output_field
        bands = [
            band_field.get_db_prep_value(b, connection)
            for b in range(latitude_band(box.min_lat), latitude_band(box.max_lat) + 1)
        ]
        sql = (
            f"({distance_sql} <= %s AND {band} IN ({', '.join(['%s'] * len(bands))}) "
            f"AND {lat} >= %s AND {lat} <= %s AND {lng} >= %s AND {lng} <= %s)"
        )
        return sql, [*params, radius * radius, *bands, box.min_lat, box.max_lat, box.min_lng, box.max_lng]


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
