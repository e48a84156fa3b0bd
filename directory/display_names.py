"""Names kept in English as data, shown to visitors in their own language.

The lookup rows (docs/API.md's treatment, condition and payment slugs, and the
languages) keep their English names in the database and in the API. Pages show
them through `translated_name`, which looks the English name up in the message
catalogue: a name that staff add or rename later still shows (in English) rather
than a stale translation. The names are marked where they are defined, in
directory/vocabulary.py, so `makemessages` finds them.
"""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop

from directory.vocabulary import ENGLISH_NAMES

LOOKUP_NAMES: tuple[str, ...] = ENGLISH_NAMES

# directory.opening_hours.WEEKDAY_NAMES stay English in the API and JSON-LD; pages translate them.
WEEKDAY_NAMES: tuple[str, ...] = (
    gettext_noop("Monday"),
    gettext_noop("Tuesday"),
    gettext_noop("Wednesday"),
    gettext_noop("Thursday"),
    gettext_noop("Friday"),
    gettext_noop("Saturday"),
    gettext_noop("Sunday"),
)


def translated_name(item) -> str:
    """A lookup row, a dict with a `name`, or a plain English name → the name in the active language."""
    name = item.get("name") if isinstance(item, dict) else getattr(item, "name", item)
    # gettext("") would return the catalogue's header, never a name.
    return gettext(str(name)) if name else ""


def lookup_label(item) -> str:
    """A lookup as a form offers it: its translated name, and a language's own name where that differs."""
    shown = translated_name(item)
    native = getattr(item, "native_name", "")
    return f"{shown} ({native})" if native and native.lower() != shown.lower() else shown
