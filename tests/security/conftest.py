import pytest

from tests.security.world import build_world


@pytest.fixture
def fuzz_world(db, settings):
    """The security world, with rate limits off: a fuzz test sends hundreds of requests from one address."""
    settings.RATELIMIT_ENABLED = False
    return build_world()
