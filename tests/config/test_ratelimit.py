import json

import pytest
from django.test import RequestFactory

from config import ratelimit

# Test-only views decorated with ratelimit(); see urls_ratelimit.py.
pytestmark = pytest.mark.urls("tests.config.urls_ratelimit")


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """A controllable clock, so no test straddles a real window boundary."""
    now = {"t": 1_000_000.0}
    monkeypatch.setattr(ratelimit, "_now", lambda: now["t"])
    return now


def test_hit_allows_up_to_the_limit_then_refuses(clock):
    results = [ratelimit.hit(key="k", limit=3, window_seconds=60) for _ in range(5)]
    assert results == [True, True, True, False, False]


def test_next_window_starts_a_fresh_count(clock):
    for _ in range(4):
        ratelimit.hit(key="k", limit=3, window_seconds=60)
    clock["t"] += 60
    assert ratelimit.hit(key="k", limit=3, window_seconds=60) is True


def test_keys_are_counted_separately(clock):
    assert ratelimit.hit(key="a", limit=1, window_seconds=60)
    assert not ratelimit.hit(key="a", limit=1, window_seconds=60)
    assert ratelimit.hit(key="b", limit=1, window_seconds=60)


def test_seconds_left_counts_down_to_the_window_end(clock):
    clock["t"] = 600.0 + 45
    assert ratelimit.seconds_left(window_seconds=60) == 15


def test_cache_outage_fails_open(monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("redis down")

    monkeypatch.setattr(ratelimit.cache, "add", broken)
    assert all(ratelimit.hit(key="k", limit=1, window_seconds=60) for _ in range(3))


def test_client_ip_ignores_forwarded_for_unless_trusted(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 192.0.2.7")
    settings.TRUST_X_FORWARDED_FOR = False
    assert ratelimit.client_ip(request) == "10.0.0.1"
    settings.TRUST_X_FORWARDED_FOR = True
    # The rightmost entry is the one our proxy appended; the left ones the client could forge.
    assert ratelimit.client_ip(request) == "192.0.2.7"


def test_cache_key_does_not_contain_the_ip():
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9")
    key = ratelimit.client_key(request, scope="prescreen")
    assert "203.0.113.9" not in key
    assert key.startswith("prescreen:")
    other = RequestFactory().get("/", REMOTE_ADDR="203.0.113.10")
    assert ratelimit.client_key(other, scope="prescreen") != key


def test_api_view_answers_429_json_with_retry_after(client, settings, clock):
    settings.RATELIMITS = {**settings.RATELIMITS, "prescreen": (2, 60)}
    clock["t"] = 6000.0 + 20
    statuses = [client.post("/api/limited/", {}, content_type="application/json").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    response = client.post("/api/limited/", {}, content_type="application/json")
    assert response.status_code == 429
    assert response["Retry-After"] == "40"
    assert json.loads(response.content) == {"errors": {"__all__": ["Too many requests; try again in 40 seconds."]}}


def test_page_view_answers_429_html(client, clock):
    client.post("/limited/")
    client.post("/limited/")
    response = client.post("/limited/")
    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/html")
    assert "Please slow down" in response.content.decode()
    assert int(response["Retry-After"]) > 0


def test_reads_are_not_counted_by_default(client):
    assert all(client.get("/limited/").status_code == 200 for _ in range(5))
    assert client.post("/limited/").status_code == 200


def test_methods_none_counts_every_method(client):
    assert client.get("/limited-any/").status_code == 200
    assert client.get("/limited-any/").status_code == 429


def test_limit_is_per_client_ip(client):
    client.post("/limited/", REMOTE_ADDR="10.0.0.1")
    client.post("/limited/", REMOTE_ADDR="10.0.0.1")
    assert client.post("/limited/", REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.post("/limited/", REMOTE_ADDR="10.0.0.2").status_code == 200


def test_limits_can_be_switched_off(client, settings):
    settings.RATELIMIT_ENABLED = False
    assert all(client.post("/limited/").status_code == 200 for _ in range(5))


def test_limited_window_passes(client, clock):
    for _ in range(3):
        client.post("/limited/")
    assert client.post("/limited/").status_code == 429
    clock["t"] += 60
    assert client.post("/limited/").status_code == 200
