import pytest


@pytest.fixture(autouse=True)
def _no_network_geocoder(settings):
    """Tests never reach an online geocoder."""
    settings.GEOCODER_ONLINE = False


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit and login-failure counters and cached listing answers live in the caches; each test starts clean."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()
