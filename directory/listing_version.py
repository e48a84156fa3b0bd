"""One token that changes whenever any listing data changes, so cached answers about listings know when they are stale.

Answers derived from the listings (how many clinics a search matches, the home page's counts per
city, the search page's filter panel) are kept in the `listings` cache together with the token
current when they were computed; an answer stored under an older token is ignored. The token is
random, not a counter, so a token lost from the cache (evicted, or the cache restarted) can never
come back and revive old answers.

Every write path changes it: model signals for saves and deletes of clinics, cities, opening hours
and the lookups, and for changes to a clinic's lookups (admin, imports, fixtures); the querysets'
`update()`, `delete()` and `bulk_create()` (admin moderation actions use bulk_update, which updates);
`post_migrate` (migrate, data migrations, flush); and the bulk SQL of `generate_clinics`, which calls
`listings_changed()` itself. Inside a transaction the token changes at once (so the writer's own
later reads are fresh) and again at commit (so nothing cached from uncommitted rows outlives the
transaction). Known gap: reads cached inside a transaction that then rolls back last until they
expire (ANSWER_SECONDS); no request reads searches inside a write transaction today.

With several web processes and a per-process cache (LocMemCache, the default without CACHE_URL),
the other processes learn of a change only when their cached answers expire, so answers are kept
ANSWER_SECONDS at most. With Redis (CACHE_URL) every process sees the new token at once.

The cache is an accelerator, never a dependency: if it fails (Redis down), answers are computed
afresh and writes go on; the failure is logged.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import caches
from django.db import models, transaction

from config.outages import log_outage

logger = logging.getLogger(__name__)

CACHE_ALIAS = "listings"
VERSION_KEY = "directory:listings-version"
ANSWER_SECONDS = 60
# The models whose rows a search, its count, the home page's counts or the filter panel show.
LISTING_MODELS = (
    "Clinic",
    "City",
    "OpeningHours",
    "Condition",
    "Treatment",
    "PaymentOption",
    "Language",
    "TreatmentAvailability",
)
M2M_DONE = ("post_add", "post_remove", "post_clear")

T = TypeVar("T")


def listings_cache():
    return caches[CACHE_ALIAS]


def _new_token() -> str:
    return uuid.uuid4().hex


def current_version() -> str:
    """The token of the listings as they are now (made on first use). Raises if the cache fails."""
    cache = listings_cache()
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _new_token(), None)
        version = cache.get(VERSION_KEY) or _new_token()
    return version


def _replace_token() -> None:
    try:
        listings_cache().set(VERSION_KEY, _new_token(), None)
    except Exception:  # noqa: BLE001 - any cache backend error; the write itself must go on
        log_outage(logger, "Listings cache unavailable; cached search answers may lag")


def listings_changed(*, using: str | None = None) -> None:
    """Call after writing listing data outside the ORM's signals (raw SQL, bulk loads)."""
    _replace_token()
    connection = transaction.get_connection(using)
    # Once per transaction is enough at commit: an import of thousands of rows queues one callback, not thousands.
    if connection.in_atomic_block and not any(entry[1] is _replace_token for entry in connection.run_on_commit):
        transaction.on_commit(_replace_token, using=using, robust=True)


def cached_with_version(key: str, compute: Callable[[], T], *, timeout: int = ANSWER_SECONDS) -> T:
    """`compute()`, remembered under `key` for `timeout` seconds while the listings do not change.

    One cache round trip when the answer is there (the token and the answer are read together).
    """
    cache = listings_cache()
    try:
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY) or current_version()
    except Exception:  # noqa: BLE001
        log_outage(logger, "Listings cache unavailable; computing afresh")
        return compute()
    stored = found.get(key)
    if stored is not None and stored[0] == version:
        return stored[1]
    answer = compute()
    try:
        cache.set(key, (version, answer), timeout)
    except Exception:  # noqa: BLE001
        log_outage(logger, "Listings cache unavailable; answer not kept")
    return answer


class ListingQuerySet(models.QuerySet):
    """Bulk writes send no model signals: these tell cached answers that the listings changed."""

    def update(self, **kwargs) -> int:
        rows = super().update(**kwargs)
        listings_changed(using=self.db)
        return rows

    update.alters_data = True

    def delete(self):
        deleted = super().delete()
        listings_changed(using=self.db)
        return deleted

    delete.alters_data = True
    delete.queryset_only = True

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        listings_changed(using=self.db)
        return created


def _on_write(sender, using=None, **kwargs) -> None:
    listings_changed(using=using)


def _on_m2m_change(sender, action, using=None, **kwargs) -> None:
    if action in M2M_DONE:
        listings_changed(using=using)


def _on_migrate(sender, using=None, **kwargs) -> None:
    _replace_token()  # migrate and flush: rows may have changed underneath every cached answer


def connect_signals() -> None:
    """Called from DirectoryConfig.ready()."""
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

    config = apps.get_app_config("directory")
    for name in LISTING_MODELS:
        model = config.get_model(name)
        uid = f"listing-version-{model._meta.label_lower}"
        post_save.connect(_on_write, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_on_write, sender=model, dispatch_uid=f"{uid}-delete")
    clinic = config.get_model("Clinic")
    for field in clinic._meta.many_to_many:
        through = field.remote_field.through
        m2m_changed.connect(_on_m2m_change, sender=through, dispatch_uid=f"listing-version-{field.name}-m2m")
    post_migrate.connect(_on_migrate, dispatch_uid="listing-version-migrate")
