"""Names kept in English as data, shown to visitors in their own language.

The lookup rows (docs/API.md's treatment, condition and payment slugs, and the
languages) keep their English names in the database and in the API. Pages show
them through `translated_name`, which looks the English name up in the message
catalogue: a name that staff add or rename later still shows (in English) rather
than a stale translation. The names below are only marked, so `makemessages`
finds them; they must match directory/migrations/0002_contract_lookups.py.
"""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop

LOOKUP_NAMES: tuple[str, ...] = (
    # Treatments
    gettext_noop("IV infusion"),
    gettext_noop("IM injection"),
    gettext_noop("Esketamine nasal spray (SPRAVATO)"),
    gettext_noop("Oral or sublingual ketamine"),
    gettext_noop("Ketamine-assisted psychotherapy"),
    # Conditions
    gettext_noop("Depression"),
    gettext_noop("Treatment-resistant depression"),
    gettext_noop("Anxiety"),
    gettext_noop("PTSD"),
    gettext_noop("OCD"),
    gettext_noop("Bipolar depression"),
    gettext_noop("Chronic pain"),
    gettext_noop("CRPS (complex regional pain syndrome)"),
    gettext_noop("Fibromyalgia"),
    gettext_noop("Migraine"),
    # Payment options
    gettext_noop("Self-pay"),
    gettext_noop("Private insurance"),
    gettext_noop("Medicare"),
    gettext_noop("Medicaid"),
    gettext_noop("TRICARE / VA"),
    gettext_noop("Financing or payment plans"),
    # Languages (their English names; the native names are shown as they are)
    gettext_noop("English"),
    gettext_noop("Spanish"),
    gettext_noop("Korean"),
    gettext_noop("Chinese"),
    gettext_noop("Vietnamese"),
    gettext_noop("Tagalog"),
    gettext_noop("Armenian"),
    gettext_noop("Persian"),
    gettext_noop("Russian"),
    gettext_noop("French"),
    gettext_noop("Haitian Creole"),
    gettext_noop("Arabic"),
    gettext_noop("Hindi"),
    gettext_noop("Portuguese"),
    gettext_noop("Japanese"),
    gettext_noop("Amharic"),
)

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
