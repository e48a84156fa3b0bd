"""How people write US places, reduced to comparable keys.

`name_key("St. Louis")` and `name_key("saint louis")` are both "saint louis", so the
gazetteer's spelling, the Postal Service's and a visitor's meet. State codes and full
state names both map to the two-letter code. A short list of nicknames that mean one
city whatever the context (NYC, LA, Philly) is kept here by hand: the gazetteer's own
alternate names mix languages, airport codes and old names, and would match far too much.
"""

from __future__ import annotations

import re
import unicodedata

STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
    "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
    "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    "PR": "Puerto Rico", "GU": "Guam", "VI": "U.S. Virgin Islands", "AS": "American Samoa",
    "MP": "Northern Mariana Islands",
}  # fmt: skip

# Words people abbreviate in place names, as a whole word: "St Paul", "Ft. Worth", "Mt Vernon".
ABBREVIATIONS = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount", "pt": "point"}

JOINED_LETTERS = frozenset({"d", "o", "l"})

# Nicknames that name one city (name key -> (gazetteer name key, state)).
NICKNAMES = {
    "nyc": ("new york", "NY"),
    "new york city": ("new york", "NY"),
    "ny ny": ("new york", "NY"),
    "la": ("los angeles", "CA"),
    "l a": ("los angeles", "CA"),
    "sf": ("san francisco", "CA"),
    "san fran": ("san francisco", "CA"),
    "dc": ("washington", "DC"),
    "d c": ("washington", "DC"),
    "washington dc": ("washington", "DC"),
    "philly": ("philadelphia", "PA"),
    "nola": ("new orleans", "LA"),
    "atl": ("atlanta", "GA"),
    "vegas": ("las vegas", "NV"),
    "slc": ("salt lake city", "UT"),
    "okc": ("oklahoma city", "OK"),
    "bronx": ("the bronx", "NY"),
}

_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower case, accents removed, every run of punctuation or space one space: "Bayamón" -> "bayamon"."""
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(char for char in decomposed if not unicodedata.combining(char))
    text = text.lower().replace("'", "").replace("\u2019", "").replace(".", " ")
    return " ".join(_NON_WORD.sub(" ", text).split())


def name_key(text: str) -> str:
    """The comparable form of a place name: folded, abbreviations spelt out, "D Alene" joined up.

    The Postal Service writes "Coeur D Alene" and "O Fallon" where GeoNames writes
    "Coeur d'Alene" and "O'Fallon": a lone d, o or l is joined to the word after it.
    """
    words = [ABBREVIATIONS.get(word, word) for word in fold(text).split()]
    joined: list[str] = []
    for word in words:
        if joined and joined[-1] in JOINED_LETTERS:
            joined[-1] += word
        else:
            joined.append(word)
    return " ".join(joined)


# "ca", "california", "virgin islands" -> the two-letter code.
_STATE_KEYS = {code.lower(): code for code in STATES} | {fold(name): code for code, name in STATES.items()}
_STATE_KEYS |= {"virgin islands": "VI", "calif": "CA", "penn": "PA", "mass": "MA", "wash": "WA"}


def state_code(text: str) -> str | None:
    """'CA', 'ca', 'California', 'calif'… -> 'CA'; None if it is not a state."""
    return _STATE_KEYS.get(fold(text))


def readings(text: str) -> list[tuple[str, str | None]]:
    """The ways to read `text` as (name key, state code or None), most likely first.

    "Los Angeles, CA", "los angeles ca" and "Los Angeles, California" all give ("los angeles", "CA")
    first. Without a comma every run of trailing words that names a state is one reading ("Port
    Washington NY" -> ("port washington", "NY"), then ("port", "WA")…), and the whole text as a
    name without a state comes last. With a comma, what follows the last one must be the state.
    """
    if "," in text:
        head, _, tail = text.rpartition(",")
        code = state_code(tail)
        if code is not None and name_key(head):
            return [(name_key(head), code)]
        return [(name_key(text), None)]
    words = fold(text).split()
    found = []
    for size in (1, 2, 3, 4):
        if len(words) > size:
            code = state_code(" ".join(words[-size:]))
            if code is not None:
                found.append((name_key(" ".join(words[:-size])), code))
    found.append((name_key(text), None))
    return found
