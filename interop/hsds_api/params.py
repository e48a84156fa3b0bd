"""The HSDS query parameters we honour, checked: anything else, or a bad value, is a 400 naming it."""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Sequence
from typing import Any

from django.http import JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from config.jsonapi import ApiError
from directory.api.headers import set_link_header

DEFAULT_PER_PAGE, MAX_PER_PAGE = 50, 100
PAGING = ("page", "per_page", "format")
METERS_PER_MILE = 1609.344


def check_known(request, allowed: Sequence[str]) -> None:
    known = set(PAGING) | set(allowed)
    for name in request.GET:
        if name not in known:
            raise ApiError({name: [_("Unknown parameter. Use: %(known)s.") % {"known": ", ".join(sorted(known))}]})
    if request.GET.get("format", "json") != "json":
        raise ApiError({"format": [_("Only json is served.")]})


def whole(request, name: str, default: int, low: int, high: int) -> int:
    raw = request.GET.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        message = _("Give a whole number from %(low)d to %(high)d.") % {"low": low, "high": high}
        raise ApiError({name: [message]})
    return int(raw)


def boolean(request, name: str) -> bool:
    raw = request.GET.get(name)
    if raw is None:
        return False
    if raw not in ("true", "false"):
        raise ApiError({name: [_("Use true or false.")]})
    return raw == "true"


def moment(request, name: str) -> datetime.datetime | None:
    raw = request.GET.get(name)
    if raw is None:
        return None
    try:
        value = parse_datetime(raw)
        if value is None and (day := parse_date(raw)) is not None:
            value = datetime.datetime.combine(day, datetime.time())
    except ValueError:
        value = None
    if value is None:
        raise ApiError({name: [_("Give a date or date-time like 2026-12-01T00:00:00Z.")]})
    return value if timezone.is_aware(value) else timezone.make_aware(value, datetime.UTC)


def proximity_miles(request) -> float | None:
    raw = request.GET.get("proximity")
    if raw is None:
        return None
    try:
        meters = float(raw)
    except ValueError:
        meters = math.nan
    if not (METERS_PER_MILE <= meters <= 500 * METERS_PER_MILE):
        raise ApiError({"proximity": [_("Give meters from 1609 (1 mile) to 804672 (500 miles).")]})
    return meters / METERS_PER_MILE


def _page_url(request, number: int) -> str:
    query = request.GET.copy()
    query["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def page_response(request, rows, build: Callable[[Any], dict]) -> JsonResponse:
    """The page as JSON, with an RFC 8288 Link header to the next and previous pages."""
    page = page_of(request, rows, build)
    response = JsonResponse(page)
    number = page["page_number"]
    set_link_header(
        response,
        next_url=_page_url(request, number + 1) if number < page["total_pages"] else None,
        previous_url=_page_url(request, number - 1) if 1 < number <= page["total_pages"] + 1 else None,
    )
    return response


def page_of(request, rows, build: Callable[[Any], dict]) -> dict:
    """HSDS's Page: total_items, total_pages, page_number, size, first_page, last_page, empty, contents."""
    page = whole(request, "page", 1, 1, 10**6)
    per_page = whole(request, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
    total = rows.count() if hasattr(rows, "model") else len(rows)
    pages = math.ceil(total / per_page)
    contents = [build(row) for row in rows[(page - 1) * per_page : page * per_page]]
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": page,
        "size": per_page,
        "first_page": page == 1,
        "last_page": page >= pages,
        "empty": not contents,
        "contents": contents,
    }
