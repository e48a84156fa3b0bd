"""The clinic cards of a results page, each rendered once a minute and kept for every search that shows it.

A card is about a tenth of a millisecond of SQL and half a millisecond of template: twenty
of them are most of what a new search page costs. What a card shows depends on the clinic
(its listing, hours, lookups and availability: the listings' generation), the distance from
the searched place, the minute (open now, how long ago availability was confirmed) and the
language, and on nothing else: under a key of those, the card of a clinic near many searches
is drawn once a minute, whichever search shows it first.
"""

from __future__ import annotations

from django.template.loader import get_template
from django.utils.translation import get_language

from directory.listing_version import cached_answers
from directory.search.results import ClinicRow

CARD_TEMPLATE = "includes/_clinic_card.html"


def card_key(row: ClinicRow, *, minute: str) -> str:
    return f"directory:card:{row.clinic.pk}:{get_language()}:{minute}:{row.distance_miles!r}"


def clinic_cards(rows: list[ClinicRow], *, minute: str) -> list[str]:
    """Each row's card markup, in order: remembered ones read at once, the others rendered and kept."""
    template = get_template(CARD_TEMPLATE)
    row_of = {card_key(row, minute=minute): row for row in rows}
    cards = cached_answers(
        list(row_of), lambda missing: {key: template.render({"row": row_of[key]}) for key in missing}
    )
    return [cards[key] for key in row_of]
