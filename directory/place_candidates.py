"""Ranked places for type-ahead: GET /api/places/ and the search box's <datalist>.

Reads the same gazetteer as directory/places.py. Short prefixes (up to 4 letters) have
their largest places ready in the index; longer ones are a binary search in the sorted
"name st" keys, so a request costs well under a millisecond.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from directory.gazetteer import PREFIX_DEPTH, Gazetteer, GazetteerPlace, gazetteer
from directory.geo import Point, UnknownPlace
from directory.place_text import STATES, fold, name_key, readings
from directory.places import LAT_LNG_RE, MAX_TEXT, nickname, resolve_point, resolve_zip


@dataclass(frozen=True)
class Candidate:
    """One answer of GET /api/places/."""

    label: str
    kind: str  # "city", "zip" or "point"
    point: Point
    state: str | None
    population: int | None

    def as_json(self) -> dict:
        return {
            "label": self.label,
            "kind": self.kind,
            "latitude": self.point.latitude,
            "longitude": self.point.longitude,
            "state": self.state,
            "population": self.population,
        }


def _zip_candidates(g: Gazetteer, digits: str, limit: int) -> list[Candidate]:
    start = bisect.bisect_left(g.sorted_zips, digits)
    found = []
    for zip_code in g.sorted_zips[start : start + limit]:
        if not zip_code.startswith(digits):
            break
        record = g.zips[zip_code]
        label = f"{zip_code} ({record.city}, {record.state})"
        found.append(Candidate(label, "zip", record.point, record.state, None))
    return found


def _prefixed(g: Gazetteer, prefix: str, states: set[str] | None, limit: int) -> list[GazetteerPlace]:
    """The largest places whose "name st" starts with `prefix` (and whose state is in `states`)."""
    if states is None and len(prefix) <= PREFIX_DEPTH:
        return g.top_by_prefix.get(prefix, [])[:limit]
    start = bisect.bisect_left(g.search_keys, (prefix,))
    indexes = []
    for search_key, index in g.search_keys[start:]:
        if not search_key.startswith(prefix):
            break
        if states is None or g.places[index].state in states:
            indexes.append(index)
    indexes.sort()  # places are stored largest first
    return [g.places[i] for i in indexes[:limit]]


def _states_starting(text: str) -> set[str] | None:
    folded = fold(text)
    if not folded:
        return None
    return {code for code, name in STATES.items() if code.lower().startswith(folded) or fold(name).startswith(folded)}


def place_candidates(query: str, limit: int) -> list[Candidate]:
    """Up to `limit` places for type-ahead, best first; [] for text that names nothing."""
    text = (query or "").strip()[:MAX_TEXT]
    if not text:
        return []
    g = gazetteer()
    compact = text.replace(" ", "").replace("-", "")
    if compact.isdigit():
        try:
            exact = [] if len(compact) < 5 else [resolve_zip(compact[:5])]
        except UnknownPlace:
            return []
        if exact:
            place = exact[0]
            return [Candidate(place.label, "zip", place.point, place.state, None)]
        return _zip_candidates(g, compact, limit)
    coordinates = LAT_LNG_RE.match(text)
    if coordinates:
        try:
            place = resolve_point(float(coordinates.group(1)), float(coordinates.group(2)))
        except UnknownPlace:
            return []
        return [Candidate(place.label, "point", place.point, None, None)]
    chosen: list[GazetteerPlace] = []
    for key, state in readings(text):
        exact = g.by_name_state.get((key, state)) if state else nickname(key)
        if exact is not None:
            chosen.append(exact)
    if "," in text:
        head, _, tail = text.rpartition(",")
        chosen.extend(_prefixed(g, name_key(head), _states_starting(tail), limit))
    else:
        chosen.extend(_prefixed(g, name_key(text), None, limit))
    unique = list(dict.fromkeys(chosen))[:limit]
    return [Candidate(p.label, "city", p.point, p.state, p.population) for p in unique]
