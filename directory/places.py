"""Text a person typed -> one US place, or a message with "Did you mean …?".

`resolve_place()` is the one resolution behind every `near` (the search pages, GET
/api/clinics/, the pre-screen page and POST /api/prescreen/); directory/place_candidates.py
ranks places for GET /api/places/ and the search box's suggestions. Both read
the gazetteer built once per process (directory/gazetteer.py) and never the network,
except the opt-in street-address geocoder (directory/geocoder.py) for text nothing
here understands.

Accepted: a ZIP or ZIP+4 ("90012", "90012-3301", "900123301"), also at the end of an
address ("Los Angeles, CA 90012"), "lat,lng" inside the US,
"City, ST" / "city st" / "City, State", a few fixed nicknames (NYC, LA, Philly, DC), and a
city or neighbourhood without its state when one place of that name is far larger than
any other ("Atlanta" is Atlanta, GA; "Springfield" asks which one).
"""

from __future__ import annotations

import difflib
import re

from django.utils.translation import gettext as _

from directory.gazetteer import GazetteerPlace, gazetteer
from directory.geo import Place, Point, UnknownPlace
from directory.place_text import NICKNAMES, name_key, readings

MAX_TEXT = 100
DOMINANCE = 5  # a state-less name means its largest place when that is this many times the next one
MAX_SUGGESTIONS = 5
SIMILARITY = 0.75

ZIP_RE = re.compile(r"^(\d{5})(?:[- ]?\d{4})?$")
# "Atlanta, GA 30303" or a pasted address "1 Main St, Atlanta, GA 30303-1234": the ZIP says where.
TRAILING_ZIP_RE = re.compile(r"^(?=.*[A-Za-z])(.*?)[\s,]+(\d{5})(?:-\d{4})?$")
LAT_LNG_RE = re.compile(r"^\s*([-+]?\d{1,2}(?:\.\d+)?)\s*[, ]\s*([-+]?\d{1,3}(?:\.\d+)?)\s*$")
# The US, its states and inhabited territories, as (min lat, max lat, min lng, max lng) boxes.
US_BOXES = (
    (24.4, 49.5, -125.0, -66.8),  # the 48 contiguous states
    (51.0, 71.6, -180.0, -129.9),  # Alaska
    (51.0, 53.1, 172.0, 180.0),  # the western Aleutians
    (18.8, 22.4, -160.4, -154.7),  # Hawaii
    (17.6, 18.6, -67.4, -64.5),  # Puerto Rico and the US Virgin Islands
    (13.2, 20.6, 144.6, 146.1),  # Guam and the Northern Mariana Islands
    (-14.6, -11.0, -171.2, -168.1),  # American Samoa
)


def in_us(point: Point) -> bool:
    return any(a <= point.latitude <= b and c <= point.longitude <= d for a, b, c, d in US_BOXES)


def city_place(place: GazetteerPlace) -> Place:
    return Place(place.point, place.label, place.timezone, kind="city", state=place.state, population=place.population)


def did_you_mean(labels: list[str]) -> str:
    if not labels:
        return ""
    if len(labels) == 1:
        return _("Did you mean %(place)s?") % {"place": labels[0]}
    return _("Did you mean one of these: %(places)s?") % {"places": "; ".join(labels)}


def _refuse(message: str, suggestions: list[str]) -> UnknownPlace:
    return UnknownPlace(" ".join(part for part in (message, did_you_mean(suggestions)) if part), suggestions)


def nickname(key: str, state: str | None = None) -> GazetteerPlace | None:
    target = NICKNAMES.get(key)
    if target is None or (state is not None and target[1] != state):
        return None
    return gazetteer().by_name_state.get(target)


def _named(key: str) -> list[GazetteerPlace]:
    """Every place called `key` (one per state), largest first."""
    return gazetteer().by_name.get(key, [])


def _dominant(places: list[GazetteerPlace]) -> GazetteerPlace | None:
    if len(places) == 1:
        return places[0]
    if places and places[0].population and places[0].rank >= DOMINANCE * max(places[1].rank, 1):
        return places[0]
    return None


def near_misses(key: str, state: str | None) -> list[GazetteerPlace]:
    """Places whose name is close to `key` (in `state` when given), most alike first."""
    g = gazetteer()
    found: list[GazetteerPlace] = []
    if state is not None:
        pool = g.names_by_state.get(state, [])
        found.extend(g.by_name_state[(name, state)] for name in difflib.get_close_matches(key, pool, 4, SIMILARITY))
        found.extend(_named(key)[:3])  # the right name in another state
    if len(found) < MAX_SUGGESTIONS:
        # Typos rarely hit the first letter; comparing with ~1,500 names instead of 25,000 keeps this fast.
        pool = [name for name in g.names_by_state[None] if name[:1] == key[:1]]
        for name in difflib.get_close_matches(key, pool, MAX_SUGGESTIONS, SIMILARITY):
            found.extend(_named(name)[:2])
    unique = list(dict.fromkeys(found))
    return unique[:MAX_SUGGESTIONS]


def resolve_zip(zip_code: str) -> Place:
    """A 5-digit ZIP's centroid, or UnknownPlace (with the ZIP's city to try when it has no location)."""
    g = gazetteer()
    record = g.zips.get(zip_code)
    if record is not None:
        label = f"{record.zip_code} ({record.city}, {record.state})"
        return Place(record.point, label, record.timezone, kind="zip", state=record.state)
    unplaced = g.unplaced.get(zip_code)
    if unplaced is not None:
        city = g.by_name_state.get((name_key(unplaced.city), unplaced.state))
        message = _("We have no location for ZIP %(zip)s; try a nearby ZIP or your city.") % {"zip": zip_code}
        raise _refuse(message, [city.label] if city else [])
    raise UnknownPlace(_("We could not find the ZIP code %(zip)s.") % {"zip": zip_code})


def resolve_point(latitude: float, longitude: float) -> Place:
    """Coordinates as a Place, or UnknownPlace when they are not valid or not in the US."""
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise UnknownPlace(_("Coordinates must be a latitude from -90 to 90 and a longitude from -180 to 180."))
    point = Point(latitude, longitude)
    if not in_us(point):
        raise UnknownPlace(
            _("Those coordinates are outside the United States. Enter a US ZIP code, city or latitude,longitude.")
        )
    return Place(point, f"{latitude:.4f}, {longitude:.4f}", kind="point")


def _resolve_name(text: str) -> Place:
    g = gazetteer()
    first_reading = readings(text)[0]
    for key, state in readings(text):
        if state is not None:
            place = g.by_name_state.get((key, state)) or nickname(key, state)
            if place is not None:
                return city_place(place)
            continue
        nicknamed = nickname(key)
        if nicknamed is not None:
            return city_place(nicknamed)
        same_name = _named(key)
        if same_name:
            chosen = _dominant(same_name)
            if chosen is not None:
                return city_place(chosen)
            message = _("There are %(count)d places called %(name)s in the US; add the state.") % {
                "name": same_name[0].name,
                "count": len(same_name),
            }
            raise _refuse(message, [p.label for p in same_name[:MAX_SUGGESTIONS]])
    from directory import geocoder  # opt-in street addresses (GEOCODER_ONLINE)

    located = geocoder.geocode_address(text)
    if located is not None:
        return located
    key, state = first_reading
    suggestions = [place.label for place in near_misses(key, state)]
    message = _("We could not find %(place)s.") % {"place": text}
    if not suggestions:
        message += " " + _("Enter a 5-digit ZIP code or a city and state like 'Atlanta, GA'.")
    raise _refuse(message, suggestions)


def resolve_place(text: str) -> Place:
    """Turn what a person typed into a Place, or raise UnknownPlace with a message (and suggestions)."""
    text = (text or "").strip()
    if not text:
        raise UnknownPlace(_("Enter a ZIP code, a city and state like 'Atlanta, GA', or coordinates."))
    if len(text) > MAX_TEXT:
        raise UnknownPlace(_("That place is too long. Enter a ZIP code or 'City, ST'."))
    zip_match = ZIP_RE.match(text)
    if zip_match:
        return resolve_zip(zip_match.group(1))
    coordinates = LAT_LNG_RE.match(text)
    if coordinates:
        return resolve_point(float(coordinates.group(1)), float(coordinates.group(2)))
    trailing_zip = TRAILING_ZIP_RE.match(text)
    if trailing_zip:
        words, zip_code = trailing_zip.groups()
        if zip_code in gazetteer().zips:
            return resolve_zip(zip_code)
        text = words.strip(" ,")  # a ZIP without a location: the words before it may still say where
    return _resolve_name(text)


def place_suggestions(text) -> list[str]:
    """The labels of places `text` may have meant when it names none ([] when it resolves or is not text)."""
    if not isinstance(text, str) or not text.strip():
        return []
    try:
        resolve_place(text)
    except UnknownPlace as error:
        return error.suggestions
    return []
