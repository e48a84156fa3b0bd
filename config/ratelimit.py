"""A small cache-backed fixed-window rate limiter, keyed by a hash of the client IP.

Counters live in the default cache: Redis in production (CACHE_URL=redis://…) so every
gunicorn worker shares them, local memory otherwise (per process: fine for development
and tests). Limits come from settings.RATELIMITS: {scope: (limit, window_seconds)}.

Usage on a view (only writes are counted by default, so a form page can still be shown):

    @ratelimit("referral")
    def referral_create(request): ...
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.crypto import salted_hmac
from django.utils.translation import ngettext

from config.jsonapi import error_body
from config.outages import log_outage

logger = logging.getLogger(__name__)

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
# Where fail_closed counts go while the shared cache is unreachable (per process).
LOCAL_FALLBACK = LocMemCache("ratelimit-fallback", {"OPTIONS": {"MAX_ENTRIES": 10000}})


def _now() -> float:
    # One seam for tests to move the clock forward past a window.
    return time.time()


def _bucket(*, key: str, window_seconds: int) -> str:
    return f"rl:{key}:{window_seconds}:{int(_now() // window_seconds)}"


def seconds_left(*, window_seconds: int) -> int:
    """Seconds until the current fixed window ends (at least 1)."""
    return max(1, window_seconds - int(_now() % window_seconds))


def _count_one(store, bucket: str, window_seconds: int) -> int:
    store.add(bucket, 0, timeout=window_seconds + 1)
    try:
        return store.incr(bucket)
    except ValueError:  # expired between add and incr
        store.set(bucket, 1, timeout=window_seconds + 1)
        return 1


def hit(*, key: str, limit: int, window_seconds: int, fail_closed: bool = False) -> bool:
    """Count one event for key; True while the window holds at most `limit` events.

    When the cache is unreachable a rate limit fails open: a Redis outage must not take the
    site down. With fail_closed (the login throttle) the count goes on in this process's
    memory instead, so a password guesser is still stopped while Redis is away.
    """
    bucket = _bucket(key=key, window_seconds=window_seconds)
    try:
        count = _count_one(cache, bucket, window_seconds)
    except Exception:  # noqa: BLE001 - any cache backend error
        if not fail_closed:
            log_outage(logger, "Rate limit cache unavailable; allowing requests")
            return True
        log_outage(logger, "Rate limit cache unavailable; counting login failures in this process")
        count = _count_one(LOCAL_FALLBACK, bucket, window_seconds)
    return count <= limit


def count(*, key: str, window_seconds: int, fail_closed: bool = False) -> int:
    """Events counted for key in the current window, without counting a new one."""
    bucket = _bucket(key=key, window_seconds=window_seconds)
    try:
        return int(cache.get(bucket, 0))
    except Exception:  # noqa: BLE001
        log_outage(logger, "Rate limit cache unavailable")
        return int(LOCAL_FALLBACK.get(bucket, 0)) if fail_closed else 0


def reset(*, key: str, window_seconds: int) -> None:
    bucket = _bucket(key=key, window_seconds=window_seconds)
    LOCAL_FALLBACK.delete(bucket)
    try:
        cache.delete(bucket)
    except Exception:  # noqa: BLE001
        log_outage(logger, "Rate limit cache unavailable")


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, or the address our own proxy appended when TRUST_X_FORWARDED_FOR is on.

    The rightmost X-Forwarded-For entry is the one the trusted proxy wrote; entries to its
    left come from the client and could be forged to dodge the limit.
    """
    if getattr(settings, "TRUST_X_FORWARDED_FOR", False):
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def client_key(request: HttpRequest, *, scope: str, extra: str = "") -> str:
    """A cache key part that identifies the client without storing its IP address."""
    digest = salted_hmac("config.ratelimit", f"{client_ip(request)}|{extra}").hexdigest()[:32]
    return f"{scope}:{digest}"


def scope_limits(scope: str) -> tuple[int, int]:
    limit, window = settings.RATELIMITS[scope]
    return int(limit), int(window)


def _resolve(scope: str, limit: int | None, window: int | None) -> tuple[int, int]:
    if limit is not None and window is not None:
        return limit, window
    default_limit, default_window = scope_limits(scope)
    return (limit if limit is not None else default_limit), (window if window is not None else default_window)


def too_many_requests(
    request: HttpRequest, *, retry_after: int, also: Callable[[], dict] | None = None
) -> HttpResponse:
    message = ngettext(
        "Too many requests; try again in %(seconds)d second.",
        "Too many requests; try again in %(seconds)d seconds.",
        retry_after,
    ) % {"seconds": retry_after}
    if request.path.startswith("/api/"):
        body = error_body({"__all__": [message]}) | (also() if also is not None else {})
        response: HttpResponse = JsonResponse(body, status=429)
    else:
        html = render_to_string("429.html", {"message": message, "retry_after": retry_after}, request=request)
        response = HttpResponse(html, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def ratelimit(
    scope: str,
    limit: int | None = None,
    window: int | None = None,
    *,
    methods: Iterable[str] | None = WRITE_METHODS,
    when: Callable[[HttpRequest], bool] | None = None,
    also: Callable[[], dict] | None = None,
) -> Callable:
    """Limit a function view to `limit` requests per `window` seconds per client IP.

    limit and window default to settings.RATELIMITS[scope], read on each request so a
    deployment (or a test) can change them. methods=None counts every method; `when`,
    if given, counts only the requests it returns True for (e.g. a form's final submit).
    `also`, if given, adds its keys to a refused JSON body (the pre-screen's crisis lines: a
    person in crisis behind a busy shared network still sees 988 at once).
    """
    counted = None if methods is None else {method.upper() for method in methods}

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if (
                getattr(settings, "RATELIMIT_ENABLED", True)
                and (counted is None or request.method in counted)
                and (when is None or when(request))
            ):
                scope_limit, scope_window = _resolve(scope, limit, window)
                key = client_key(request, scope=scope)
                if not hit(key=key, limit=scope_limit, window_seconds=scope_window):
                    logger.warning("Rate limit reached for scope %s", scope)
                    return too_many_requests(request, retry_after=seconds_left(window_seconds=scope_window), also=also)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
