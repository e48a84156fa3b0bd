"""A request reads the listings' generation from the cache once; the next request reads it afresh."""

from __future__ import annotations

import pytest
from django.core.signals import request_finished, request_started

from directory import listing_version

pytestmark = pytest.mark.django_db
API = "/api/clinics/"


@pytest.fixture
def reads(monkeypatch):
    """How many times the generation was read from the cache."""
    cache = listing_version.listings_cache()
    counted = {"reads": 0}
    original = cache.get_or_set

    def counting_get_or_set(key, *args, **kwargs):
        if key == listing_version.GENERATION_KEY:
            counted["reads"] += 1
        return original(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get_or_set", counting_get_or_set)
    return counted


def test_a_search_reads_the_generation_once(client, clinic_at, reads):
    clinic_at(1)
    assert client.get(API, {"near": "30303"}).status_code == 200
    assert reads["reads"] == 1
    assert client.get(API, {"near": "30303"}).status_code == 200
    assert reads["reads"] == 2  # each request afresh


def test_another_process_changing_the_listings_is_seen_by_the_next_request(client, clinic_at):
    clinic_at(1)
    first = client.get(API, {"near": "30303"})
    listing_version.listings_cache().set(listing_version.GENERATION_KEY, "written-by-another-worker", None)
    second = client.get(API, {"near": "30303"})
    assert first["ETag"] != second["ETag"]


def test_outside_a_request_every_read_goes_to_the_cache(reads):
    listing_version.generation()
    listing_version.generation()
    assert reads["reads"] == 2


def test_a_write_within_a_request_replaces_the_generation_it_read():
    request_started.send(sender=None)
    try:
        before = listing_version.generation()
        listing_version.listings_changed()
        assert listing_version.generation() != before
    finally:
        request_finished.send(sender=None)
