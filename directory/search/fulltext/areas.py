"""Grid cells in the keyword index, so a keyword search near a place reads only the matches nearby.

Each clinic's index row carries the names of the three cells that hold it: a small one (0.05
degree a side, about 3.5 miles), a middle one (half a degree, about 35 miles) and a large one
(five degrees). A keyword search with `near` adds "in one of the cells covering the circle's
box" to the full-text query, at the finest level that needs few cells, so the index intersects
the keyword's matches (82,000 of 100,000 clinics for "infusion") with a few thousand nearby
rows before any clinic row is read; the nearest-first step's 1- and 4-mile circles read a few
hundred. The exact circle is still applied by
ClinicQuerySet.near: the cells only ever hold more than the circle.

The SQL below and `cell_name` must agree: both floor the shifted, scaled coordinates (which
are never negative, so SQLite's CAST truncation is a floor).
"""

from __future__ import annotations

import math
from collections.abc import Callable

from directory import geo

LEVELS = (("gs", 20.0), ("gf", 2.0), ("gc", 0.2))  # (prefix, cells per degree): small, middle, large
MAX_CELLS = 48  # more than this at the large level: no cell test (a very wide circle narrows little)


def cell_name(prefix: str, per_degree: float, latitude: float, longitude: float) -> str:
    return f"{prefix}{math.floor((latitude + 90) * per_degree)}x{math.floor((longitude + 180) * per_degree)}"


def cells_covering(point: geo.Point, miles: float) -> list[str] | None:
    """The names of the cells of one level that cover the circle's box (the finest level that needs few), or None."""
    box = geo.bounding_box(point, miles)
    for prefix, per_degree in LEVELS:
        rows = range(math.floor((box.min_lat + 90) * per_degree), math.floor((box.max_lat + 90) * per_degree) + 1)
        columns = range(math.floor((box.min_lng + 180) * per_degree), math.floor((box.max_lng + 180) * per_degree) + 1)
        if len(rows) * len(columns) <= MAX_CELLS:
            return [f"{prefix}{row}x{column}" for row in rows for column in columns]
    return None


def cells_sql(*, floor: Callable[[str], str]) -> str:
    """SQL text naming a clinic row `c`'s cells, space-separated; `floor` wraps an expression to floor it."""
    parts = []
    for prefix, per_degree in LEVELS:
        row = floor(f"(c.latitude + 90) * {per_degree}")
        column = floor(f"(c.longitude + 180) * {per_degree}")
        parts.append(f"'{prefix}' || {row} || 'x' || {column}")
    return " || ' ' || ".join(parts)
