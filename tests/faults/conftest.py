"""Fault tests (marker `faults`): the site survives Redis, PostgreSQL or the mail server going away.

They run in CI's PostgreSQL leg (`.ci/run`), which is where production-like parts exist;
on SQLite (`make test`) they are skipped so the quick suite stays quick. RUN_FAULTS=1 runs
them anywhere. They need Redis on 127.0.0.1:6379 (FAULTS_REDIS_URL to change it); without
it they skip, unless REQUIRE_REDIS=1, which turns the skip into a failure (set by .ci/run).
"""

from __future__ import annotations

import os
import uuid

import pytest
from django.conf import settings

REDIS_URL = os.environ.get("FAULTS_REDIS_URL", "redis://127.0.0.1:6379/3")


def on_postgresql() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def pytest_collection_modifyitems(config, items):
    if on_postgresql() or os.environ.get("RUN_FAULTS") == "1":
        return
    skip = pytest.mark.skip(reason="fault tests run on PostgreSQL (CI's second leg) or with RUN_FAULTS=1")
    for item in items:
        if "faults" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def redis_url() -> str:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail(f"REQUIRE_REDIS=1 but Redis at {REDIS_URL} is unreachable: {exc}")
        pytest.skip(f"Redis at {REDIS_URL} is unreachable: {exc}")
    return REDIS_URL


@pytest.fixture
def key_prefix() -> str:
    """Keys of this test only, so parallel workers and other users of the Redis db never collide."""
    return f"faults-{uuid.uuid4().hex[:12]}"
