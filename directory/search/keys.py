"""Cache keys built from a FilterSet's cleaned data, so a new filter is part of every key at once.

The key names each filter's cleaned value (a lookup by its primary key, a place by its point)
in the FilterSet's own order, plus the time a filter depends on: the minute for `open_now`, the
local date for the filters that judge availability or verification against today. The listings'
generation is added by directory.listing_version, not here.
"""

from __future__ import annotations

import datetime
import hashlib

from django.db import models
from django.utils import timezone

from directory.geo import Place

DATED_FILTERS = ("available_within", "verified")


def _token(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, Place):
        return f"{value.point.latitude!r},{value.point.longitude!r}"
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, models.QuerySet | list | tuple):
        return ",".join(sorted(_token(item) for item in value))  # already read when the form was cleaned
    return repr(value)


def chosen_filter_names(filterset) -> list[str]:
    """The filters of a valid `filterset` that were given a value."""
    cleaned = filterset.form.cleaned_data
    return [name for name in filterset.filters if _token(cleaned.get(name)) != ""]


def query_key(filterset, *, now: datetime.datetime, kind: str, extra: tuple = ()) -> str:
    """`directory:<kind>:<digest>` of a valid `filterset`'s cleaned data, the time it depends on, and `extra`."""
    cleaned = filterset.form.cleaned_data
    parts = [f"{name}={_token(cleaned.get(name))}" for name in filterset.filters]
    parts.append(f"sort={filterset.chosen_sort}")
    if cleaned.get("open_now") is not None:
        parts.append(now.replace(second=0, microsecond=0).isoformat())
    if filterset.chosen_sort == "soonest" or any(cleaned.get(name) is not None for name in DATED_FILTERS):
        parts.append(timezone.localdate(now).isoformat())
    parts.extend(repr(item) for item in extra)
    digest = hashlib.sha256("\x00".join(parts).encode()).hexdigest()
    return f"directory:{kind}:{digest}"
