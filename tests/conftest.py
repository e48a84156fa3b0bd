import pytest


@pytest.fixture(autouse=True)
def _no_network_geocoder(settings):
    """Tests never reach an online geocoder."""
    settings.GEOCODER_ONLINE = False
