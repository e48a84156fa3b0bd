"""The SQL side of "near me": an index-friendly circle filter and the squared distance to order by.

`WithinMiles` renders, for a point and a radius, `lat_band IN (…) AND longitude
BETWEEN … AND latitude BETWEEN … AND <flat-earth distance²> <= r²`. The first two
terms are one range read per latitude band of the (lat_band, longitude, latitude,
published, name, id) index; the rest is checked on the index entry itself, so counting the
clinics in a circle never touches the table.

Which clinics fill a distance-ordered page is the nearest-first step, directory.search.nearest.
"""

from __future__ import annotations

import math

from django.db.models import BooleanField, Expression, F, FloatField

from directory import geo

# Latitude bands: band = floor((latitude + 90) * BANDS_PER_DEGREE), about 3.5 miles tall.
BANDS_PER_DEGREE = 20


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
