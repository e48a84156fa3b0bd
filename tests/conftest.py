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


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's language: a Spanish request leaves its language active in the thread."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
