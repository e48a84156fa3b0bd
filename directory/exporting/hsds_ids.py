"""HSDS record ids: UUIDs that are stable, unique per site, and say which clinic they belong to.

An id is a version-8 UUID (RFC 9562, "custom"): its high half is a hash of the site, the
HSDS table and any extra part (a language code, an opening-hours row), and its low half holds
the clinic's (or lookup's) database id. So the same record gets the same id in every export
and every API answer, and GET /api/hsds/services/{id} finds its clinic with one indexed query
instead of hashing every clinic. An id of another site or table fails `pk_from`.
"""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings

PK_BITS = 62
PK_MASK = (1 << PK_BITS) - 1


def _high(table: str, extra: object) -> int:
    digest = hashlib.sha256(f"{settings.SITE_URL}|{table}|{extra}".encode()).digest()
    high = int.from_bytes(digest[:8], "big")
    return (high & ~(0xF << 12)) | (0x8 << 12)  # version 8


def record_id(table: str, pk: int, extra: object = "") -> str:
    if not 0 <= pk <= PK_MASK:
        raise ValueError(f"id {pk} does not fit an HSDS record id")
    low = (0b10 << PK_BITS) | pk  # RFC 9562 variant
    return str(uuid.UUID(int=(_high(table, extra) << 64) | low))


def pk_from(table: str, value: str, extra: object = "") -> int | None:
    """The database id inside an id of `table`, or None if it is not one of ours."""
    try:
        parsed = uuid.UUID(value)
    except (ValueError, TypeError, AttributeError):
        return None
    pk = parsed.int & PK_MASK
    return pk if record_id(table, pk, extra) == str(parsed) else None
