"""One token that changes whenever any listing data changes, so cached answers about listings know when they are stale.

Answers derived from the listings (how many clinics a search matches, the home page's counts per
city) are kept in the default cache together with the token current when they were computed; an
answer stored under an older token is ignored. The token is random, not a counter, so a token lost
from the cache (evicted, or the cache restarted) can never come back and revive old answers.

Every write path changes it: model signals for saves, deletes and many-to-many changes of every
model of the directory app (admin, imports, fixtures), `ClinicQuerySet.update()/delete()/bulk_create()`
(admin moderation actions use bulk_update, which updates), and the bulk SQL of `generate_clinics`,
which calls `listings_changed()` itself. Inside a transaction the token changes at once (so the
writer's own later reads are fresh) and again at commit (so nothing cached from uncommitted rows
outlives the transaction).

With several web processes and a per-process cache (LocMemCache, the default without CACHE_URL),
the other processes learn of a change only when their cached answers expire: callers keep answers
for a short time (a minute) for that reason. With Redis (CACHE_URL) every process sees the new token.
"""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "directory:listings-version"


def _new_token() -> str:
    return uuid.uuid4().hex


def current_version() -> str:
    """The token of the listings as they are now (made on first use)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _new_token(), None)
        version = cache.get(VERSION_KEY) or _new_token()
    return version


def _replace_token() -> None:
    cache.set(VERSION_KEY, _new_token(), None)


def listings_changed(*, using: str | None = None) -> None:
    """Call after writing listing data outside the ORM's signals (raw SQL, bulk loads)."""
    _replace_token()
    connection = transaction.get_connection(using)
    # Once per transaction is enough at commit: an import of thousands of rows queues one callback, not thousands.
    if connection.in_atomic_block and not any(entry[1] is _replace_token for entry in connection.run_on_commit):
        transaction.on_commit(_replace_token, using=using)


def cached_with_version(key: str, compute, *, timeout: int, version: str | None = None):
    """`compute()`, remembered under `key` for `timeout` seconds while the listings do not change.

    One cache round trip when the answer is there (the token and the answer are read together).
    """
    found = cache.get_many([VERSION_KEY, key])
    version = version or found.get(VERSION_KEY) or current_version()
    stored = found.get(key)
    if stored is not None and stored[0] == version:
        return stored[1]
    answer = compute()
    cache.set(key, (version, answer), timeout)
    return answer


def _on_model_change(sender, using=None, **kwargs) -> None:
    listings_changed(using=using)


def connect_signals() -> None:
    """Every model of the directory app, its many-to-many tables included (called from AppConfig.ready)."""
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for model in apps.get_app_config("directory").get_models(include_auto_created=True):
        uid = f"listing-version-{model._meta.label_lower}"
        post_save.connect(_on_model_change, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_on_model_change, sender=model, dispatch_uid=f"{uid}-delete")
        if model._meta.auto_created:
            m2m_changed.connect(_on_model_change, sender=model, dispatch_uid=f"{uid}-m2m")
