"""Keyword search through the database's full-text index: SQLite FTS5 or PostgreSQL tsvector + GIN.

The index (`directory_clinic_search`, one row per published clinic) holds four weighted parts:
the name, the place (city, state, ZIP), the services (treatment and condition names) and the
description. Database triggers keep it in step with the clinic rows, their treatments and
conditions, and the names of cities and lookups, whoever writes them (the admin, imports,
fixtures, bulk SQL); `bulk_load()` sets the triggers aside for a bulk insert and rebuilds once.

Words are stemmed ("infusions" finds "infusion"), accents and case ignored, every word must
match, and the last word (of 3 letters or more) may be the start of one ("peach" finds "Peachtree") unless the words
as typed already match WHOLE_WORDS clinics: then the last is a word someone finished typing,
and the index can stop reading after the page instead of first gathering the matches of every
word it starts (at a million clinics, "infusion*" gathers 822,145 before the first is returned). Best-match order
ranks by BM25 (SQLite) or ts_rank (PostgreSQL), a name match weighing most, when at most
RANK_LIMIT clinics in the country match; a broader keyword (most clinics offer "infusion")
lists its matches in the order the clinics joined the directory, which the index reads in
order, stopping after the page instead of scoring every match.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import unicodedata

from django.db import connection
from django.db.models import QuerySet

from directory import geo
from directory.listing_version import cached_answer
from directory.search.fulltext import areas, postgresql, sqlite

MAX_TERMS = 8  # keeps the query bounded however long the keyword text is
RANK_LIMIT = 1_000  # at most counts.COUNT_LIMIT: a keyword alone is ranked on its bounded count
WHOLE_WORDS = 1_000  # words matching this many clinics as typed are taken as typed (the last not as a prefix)
# A last word shorter than this is a word typed whole ("aurora co", "el paso tx"), never a prefix: "co*" is every
# word starting "co" (county, comprehensive, condition…), which the index merges before it can intersect.
MIN_PREFIX = 3
# Words too common to narrow anything; PostgreSQL's english configuration drops the same ones.
STOP_WORDS = frozenset("a an and are as at be by for from in is it of on or the to with".split())
_WORD = re.compile(r"[^\W_]+")


def search_terms(text: str) -> list[str]:
    """The words of a keyword text that the index can match: lower case, no punctuation or stop words."""
    terms: list[str] = []
    folded = "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))
    for word in _WORD.findall(folded):
        if word not in STOP_WORDS and word not in terms:
            terms.append(word)
    return terms[:MAX_TERMS]


def _backend():
    return postgresql if connection.vendor == "postgresql" else sqlite


def last_word_is_prefix(terms: list[str]) -> bool:
    """Whether the last term also matches the words it starts: not when the terms as typed match WHOLE_WORDS clinics.

    Remembered in this generation of the listings (the answer depends on what the index holds).
    A last word of fewer than MIN_PREFIX letters is never a prefix.
    """
    if len(terms[-1]) < MIN_PREFIX:
        return False
    digest = hashlib.sha256("\x00".join(terms).encode()).hexdigest()
    return cached_answer(
        f"directory:keyword-prefix:{digest}",
        lambda: not _backend().holds_at_least(terms, WHOLE_WORDS, prefix=False),
    )


def matching(queryset: QuerySet, terms: list[str], *, near: tuple[geo.Point, float] | None = None) -> QuerySet:
    """`queryset` narrowed to the clinics whose indexed text holds every term (and, `near`, in its circle's cells)."""
    if not terms:
        return queryset
    cells = areas.cells_covering(*near) if near else None
    return queryset.filter(pk__in=_backend().matching_ids(terms, cells, prefix=last_word_is_prefix(terms)))


def count(terms: list[str], *, limit: int | None = None) -> int:
    """How many published clinics hold every term, stopping at `limit`: the index alone answers."""
    return _backend().count(terms, limit=limit, prefix=last_word_is_prefix(terms))


def best_match_keys(
    narrowed: QuerySet, terms: list[str], *, keyword_only: bool, count: int, start: int, stop: int
) -> list[int]:
    """Primary keys of `narrowed` (already matching `terms`, `count` of them), best match first, `start` to `stop`.

    `keyword_only` says that no other filter narrows the search, so the index's own order serves.
    """
    backend, prefix = _backend(), last_word_is_prefix(terms)
    if (count if keyword_only else backend.count(terms, limit=RANK_LIMIT + 1, prefix=prefix)) <= RANK_LIMIT:
        ranked = backend.ranked_ids(terms, prefix=prefix)
        if not keyword_only:
            allowed = set(narrowed.values_list("pk", flat=True))
            ranked = [pk for pk in ranked if pk in allowed]
        return ranked[start:stop]
    # Too broad to rank at search time (BM25 reads every match): in the order clinics joined the directory.
    if keyword_only:
        return backend.ids_in_index_order(terms, start=start, stop=stop, prefix=prefix)
    return list(narrowed.order_by("pk").values_list("pk", flat=True)[start:stop])


def install() -> None:
    """Create the index, its triggers and its rows (the migration's step)."""
    _backend().install()


def uninstall() -> None:
    _backend().uninstall()


def rebuild() -> None:
    """Fill the index again from the clinic rows."""
    _backend().rebuild()


@contextlib.contextmanager
def bulk_load():
    """Set the triggers aside while a bulk insert writes many clinics, then rebuild the index once.

    Row triggers would rewrite a clinic's index row once per treatment and condition it is given.
    Call inside a transaction, so no other writer runs without the triggers.
    """
    backend = _backend()
    backend.drop_triggers()
    try:
        yield
    finally:
        backend.create_triggers()
    backend.rebuild()
