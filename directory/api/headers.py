"""HTTP for the public read-only API: ETag and 304, Cache-Control, Vary and the Link header.

Everything under `public_read` answers from the listings alone, never from who asks, so it may
be kept by any cache for LISTINGS_MAX_AGE seconds, and revalidated with `If-None-Match`. The
ETag is made of the listings' version (directory/listing_version.py, read through
`listings_token` only), the response's language and the current clock window: some fields follow
the clock (open_now, availability not confirmed for 14 days, an expired verification), so an
unchanged listing still gets a fresh ETag once a window, and no answer outlives the window by a
revalidation.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from functools import wraps

from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import condition

from config.cache_policy import carries_credentials
from config.jsonapi import json_endpoint
from config.outages import log_outage
from directory.listing_version import generation
from directory.search.answers import clock_window

logger = logging.getLogger(__name__)

LISTINGS_MAX_AGE = 60
CACHEABLE_STATUSES = (200, 304)


def listings_token() -> str | None:
    """The listings' current version: the one place the API reads it (None when the cache is away)."""
    try:
        return generation()
    except Exception:  # noqa: BLE001 - any cache backend error: answer without an ETag
        log_outage(logger, "Listings cache unavailable; answering without an ETag")
        return None


def listings_etag(request, *args, **kwargs) -> str | None:
    """The same for every URL of the API while the listings, the language and the clock window stay."""
    token = listings_token()
    if token is None:
        return None
    parts = f"{token}|{get_language()}|{clock_window()}"
    return '"' + hashlib.blake2b(parts.encode(), digest_size=12).hexdigest() + '"'


def add_cache_headers(request, response, *, max_age: int) -> None:
    """Cacheable for `max_age` seconds: by anyone, or only by the browser when the request carries credentials."""
    if carries_credentials(request):
        patch_cache_control(response, private=True, max_age=max_age)
    else:
        patch_cache_control(response, public=True, max_age=max_age)
    # The language comes from Accept-Language or the language cookie.
    patch_vary_headers(response, ("Accept-Language", "Cookie"))


def public_read(*, max_age: int = LISTINGS_MAX_AGE, etag: bool = True) -> Callable:
    """GET and HEAD only (JSON 405 else), no CSRF check, cache headers, and an ETag with 304 on If-None-Match."""

    def decorator(view):
        conditional = condition(etag_func=listings_etag)(view) if etag else view

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = conditional(request, *args, **kwargs)
            if response.status_code in CACHEABLE_STATUSES:
                add_cache_headers(request, response, max_age=max_age)
            elif response.has_header("ETag"):
                del response["ETag"]  # an error is not a version of the resource
            return response

        return csrf_exempt(json_endpoint("GET")(wrapper))

    return decorator


def link_header(*, next_url: str | None = None, previous_url: str | None = None) -> str | None:
    """RFC 8288: `<url>; rel="next", <url>; rel="prev"`, or None when there is neither."""
    links = [f'<{url}>; rel="{rel}"' for rel, url in (("next", next_url), ("prev", previous_url)) if url]
    return ", ".join(links) or None


def set_link_header(response, *, next_url: str | None = None, previous_url: str | None = None) -> None:
    value = link_header(next_url=next_url, previous_url=previous_url)
    if value:
        response["Link"] = value
