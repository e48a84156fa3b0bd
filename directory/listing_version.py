"""One generation key for the listings, so cached answers about them are never older than the listings.

The Django website's pattern: answers derived from the listings (a search's count and page, the
home page's counts per city, the search page's filter panel) are cached with `version=` the
current generation; writing listings replaces the generation, and every older answer is simply
never read again (it expires on its own, ANSWER_SECONDS at most). The generation is random, not
a counter, so one lost from the cache (evicted, restarted) can never come back and revive old answers.

The few code paths that write clinics, cities, hours, lookups or availability call
`listings_changed()`: the admin (directory.admin.listings.ListingAdminMixin and its actions),
the import and availability services, the `generate_clinics` and `load_demo` commands, and
`migrate`/`flush` (post_migrate). Inside a transaction the generation changes at once (the
writer's own later reads are fresh) and again at commit (nothing cached from uncommitted rows
outlives it). With a per-process cache (LocMemCache) other processes catch up within
ANSWER_SECONDS; with Redis (CACHE_URL) at once. The cache is an accelerator, never a dependency:
if it fails, answers are computed afresh and writes go on; the failure is logged.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import TypeVar

from asgiref.local import Local
from django.core.cache import caches
from django.core.signals import request_finished, request_started
from django.db import transaction

from config.outages import log_outage

logger = logging.getLogger(__name__)

CACHE_ALIAS = "listings"
GENERATION_KEY = "directory:listings-generation"
ANSWER_SECONDS = 60
_MISSING = object()
T = TypeVar("T")


def listings_cache():
    return caches[CACHE_ALIAS]


def _new_generation() -> str:
    return uuid.uuid4().hex


# The generation as this request first read it: a search asks for it for its ETag, its count, its
# page and its answer, one round trip to Redis each. Only within a request (from request_started to
# request_finished), read afresh by each, and replaced at once by this process's own writes; outside
# requests (commands, jobs) every read goes to the cache.
_this_request = Local()


def _request_started(**kwargs) -> None:
    _this_request.active, _this_request.generation = True, None


def _request_finished(**kwargs) -> None:
    _this_request.active, _this_request.generation = False, None


request_started.connect(_request_started, dispatch_uid="directory.listing_version.request_started")
request_finished.connect(_request_finished, dispatch_uid="directory.listing_version.request_finished")


def generation() -> str:
    """The listings' current generation (made on first use). Raises if the cache fails."""
    if not getattr(_this_request, "active", False):
        return listings_cache().get_or_set(GENERATION_KEY, _new_generation, None)
    if _this_request.generation is None:
        _this_request.generation = listings_cache().get_or_set(GENERATION_KEY, _new_generation, None)
    return _this_request.generation


def _bump() -> None:
    _this_request.generation = None
    try:
        listings_cache().set(GENERATION_KEY, _new_generation(), None)
    except Exception:  # noqa: BLE001 - any cache backend error; the write itself must go on
        log_outage(logger, "Listings cache unavailable; cached search answers may lag")


def listings_changed(*, using: str | None = None) -> None:
    """Call after writing listing data: every cached answer about the listings is stale."""
    _bump()
    connection = transaction.get_connection(using)
    # Once per transaction is enough at commit: an import of thousands of rows queues one callback.
    if connection.in_atomic_block and not any(entry[1] is _bump for entry in connection.run_on_commit):
        transaction.on_commit(_bump, using=using, robust=True)


def cached_answer(key: str, compute: Callable[[], T], *, timeout: int = ANSWER_SECONDS) -> T:
    """`compute()`, remembered under `key` in this generation of the listings, `timeout` seconds at most."""
    cache = listings_cache()
    try:
        version = generation()
        found = cache.get(key, _MISSING, version=version)
    except Exception:  # noqa: BLE001
        log_outage(logger, "Listings cache unavailable; computing afresh")
        return compute()
    if found is not _MISSING:
        return found
    answer = compute()
    try:
        cache.set(key, answer, timeout, version=version)
    except Exception:  # noqa: BLE001
        log_outage(logger, "Listings cache unavailable; answer not kept")
    return answer


def cached_answers(
    keys: list[str], compute_missing: Callable[[list[str]], dict[str, T]], *, timeout: int = ANSWER_SECONDS
) -> dict[str, T]:
    """{key: answer} for every key: those remembered in this generation read in one round trip, the others
    made together by `compute_missing(missing keys)` and kept."""
    cache = listings_cache()
    try:
        version = generation()
        found = cache.get_many(keys, version=version)
    except Exception:  # noqa: BLE001
        log_outage(logger, "Listings cache unavailable; computing afresh")
        return compute_missing(keys)
    missing = [key for key in keys if key not in found]
    made = compute_missing(missing) if missing else {}
    if made:
        try:
            cache.set_many(made, timeout, version=version)
        except Exception:  # noqa: BLE001
            log_outage(logger, "Listings cache unavailable; answers not kept")
    return {**found, **made}


def _on_migrate(sender, **kwargs) -> None:
    _bump()  # migrate and flush: rows may have changed underneath every cached answer


def connect_signals() -> None:
    """Called from DirectoryConfig.ready()."""
    from django.db.models.signals import post_migrate

    post_migrate.connect(_on_migrate, dispatch_uid="listing-generation-migrate")
