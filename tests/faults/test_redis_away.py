"""Fault: Redis (the cache) goes away and comes back.

Searches, rate limits and logins keep working: the cache fails open (searches are computed
afresh, rate limits allow), the login throttle fails closed (it counts in the process's
memory, so a guesser is still locked out), and each kind of failure is logged once a
minute, not per request. When Redis returns, the shared counters and caches are used again
without a restart. Figures (printed, and in docs/OPERATIONS.md): search latency with Redis
up and away, and log lines per request while it is away.
"""

from __future__ import annotations

import logging
import statistics
import time
from urllib.parse import urlsplit

import pytest
import redis
from django.test import Client, override_settings

from config import outages
from tests.factories import ClinicFactory, UserFactory
from tests.faults.proxy import FaultProxy

pytestmark = [pytest.mark.faults, pytest.mark.django_db]

SEARCH = "/api/clinics/?near=30303&radius=25"
PASSWORD = "pw-for-tests-only"
ROUNDS = 20


def redis_caches(url: str, prefix: str) -> dict:
    options = {"socket_connect_timeout": 0.25, "socket_timeout": 0.5}
    backend = "django.core.cache.backends.redis.RedisCache"
    return {
        "default": {"BACKEND": backend, "LOCATION": url, "KEY_PREFIX": prefix, "OPTIONS": options},
        "listings": {"BACKEND": backend, "LOCATION": url, "KEY_PREFIX": f"{prefix}-listings", "OPTIONS": options},
    }


def timed_searches(client: Client) -> tuple[list[float], set[int]]:
    seconds, statuses = [], set()
    for _ in range(ROUNDS):
        started = time.perf_counter()
        response = client.get(SEARCH)
        seconds.append(time.perf_counter() - started)
        statuses.add(response.status_code)
        assert response.json()["count"] == 3
    return seconds, statuses


def figures(seconds: list[float]) -> str:
    return f"median {1000 * statistics.median(seconds):.0f} ms, max {1000 * max(seconds):.0f} ms"


def login(client: Client, username: str, password: str) -> bool:
    response = client.post("/accounts/login/", {"username": username, "password": password})
    return response.status_code == 302 and urlsplit(response["Location"]).path == "/referrals/"


@pytest.fixture
def proxied_redis(redis_url, key_prefix):
    parts = urlsplit(redis_url)
    proxy = FaultProxy(parts.hostname, parts.port or 6379)
    url = f"redis://127.0.0.1:{proxy.port}{parts.path or '/0'}"
    yield proxy, url
    proxy.close()
    direct = redis.Redis.from_url(redis_url)
    for key in direct.scan_iter(f"*{key_prefix}*"):
        direct.delete(key)


def test_redis_away_searches_rate_limits_and_logins_keep_working(proxied_redis, key_prefix, caplog, capsys, settings):
    proxy, url = proxied_redis
    for _ in range(3):
        ClinicFactory()  # near Atlanta's 30303
    UserFactory(username="fault-user")
    settings.RATELIMIT_ENABLED = True
    settings.RATELIMITS = {**settings.RATELIMITS, "login": (3, 900), "prescreen": (1000, 60)}
    outages.reset()
    client = Client()
    with override_settings(CACHES=redis_caches(url, key_prefix)):
        client.get(SEARCH)  # the process's first request loads URLs and ZIP data: not the cache's doing
        up, statuses = timed_searches(client)
        assert statuses == {200}
        assert login(Client(), "fault-user", PASSWORD)
        direct = redis.Redis(port=proxy.upstream[1], db=int(urlsplit(url).path.strip("/") or 0))
        assert any(True for _ in direct.scan_iter(f"{key_prefix}*")), "the caches did not use Redis"

        proxy.cut()
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            away, statuses = timed_searches(client)
            assert statuses == {200}, "searches must go on without the cache"
            # Rate limits fail open: pre-screen requests are served, not refused or failed.
            for _ in range(5):
                assert client.post("/api/prescreen/", {}, content_type="application/json").status_code == 400
            # Logins keep working ...
            assert login(Client(), "fault-user", PASSWORD)
            # ... and the throttle fails closed: three failures lock the pair, the right password is refused.
            guesser = Client()
            for _ in range(3):
                assert not login(guesser, "fault-user", "wrong-guess")
            assert not login(guesser, "fault-user", PASSWORD)
            assert (
                "locked"
                in guesser.post("/accounts/login/", {"username": "fault-user", "password": PASSWORD}).content.decode()
            )
        requests_while_away = ROUNDS + 5 + 1 + 3 + 2
        cache_lines = [r for r in caplog.records if "cache unavailable" in r.getMessage()]
        kinds = {r.getMessage().split(" (")[0] for r in cache_lines}
        assert len(cache_lines) == len(kinds) <= 5, [r.getMessage() for r in cache_lines]

        proxy.restore()
        time.sleep(0.1)
        back, statuses = timed_searches(client)
        assert statuses == {200}
        assert login(Client(), "fault-user", PASSWORD)
        # Shared counters are in Redis again: a failure now lands there, not in the process.
        assert not login(Client(), "other-user", "nope")
        assert any(True for _ in direct.scan_iter(f"{key_prefix}:*rl:login*")), "the throttle did not return to Redis"
    with capsys.disabled():
        print(
            f"\nfault redis-away: {ROUNDS} searches each: up {figures(up)}; away {figures(away)}; "
            f"back {figures(back)}; {len(cache_lines)} cache warning(s) for {requests_while_away} "
            f"requests while away; logins served, guesser locked after 3 failures"
        )
