import pytest


@pytest.fixture(autouse=True)
def _no_network_geocoder(settings):
    """Tests never reach an online geocoder."""
    settings.GEOCODER_ONLINE = False


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit and login-failure counters live in the cache; each test starts clean."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
