"""A cache outage is logged once a minute per kind, with a count of what was not logged."""

from __future__ import annotations

import logging

import pytest

from config import outages, ratelimit


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    now = {"t": 1000.0}
    monkeypatch.setattr(outages, "_now", lambda: now["t"])
    outages.reset()
    yield now
    outages.reset()


def broken(*args, **kwargs):
    raise ConnectionError("redis down")


def test_a_failing_cache_logs_once_a_minute_not_per_request(monkeypatch, caplog, clock):
    monkeypatch.setattr(ratelimit.cache, "add", broken)
    with caplog.at_level(logging.WARNING, logger="config.ratelimit"):
        assert all(ratelimit.hit(key="k", limit=1, window_seconds=60) for _ in range(100))
        assert len(caplog.records) == 1 and caplog.records[0].exc_info
        clock["t"] += 61
        ratelimit.hit(key="k", limit=1, window_seconds=60)
    assert len(caplog.records) == 2
    assert "(99 more since the last report)" in caplog.records[1].getMessage()


def test_the_login_throttle_fails_closed_in_process_memory(monkeypatch):
    monkeypatch.setattr(ratelimit.cache, "add", broken)
    monkeypatch.setattr(ratelimit.cache, "get", broken)
    results = [ratelimit.hit(key="login-k", limit=2, window_seconds=60, fail_closed=True) for _ in range(4)]
    assert results == [True, True, False, False]
    assert ratelimit.count(key="login-k", window_seconds=60, fail_closed=True) == 4
    assert ratelimit.count(key="login-k", window_seconds=60) == 0  # the fail-open reading
    ratelimit.reset(key="login-k", window_seconds=60)
    assert ratelimit.count(key="login-k", window_seconds=60, fail_closed=True) == 0
