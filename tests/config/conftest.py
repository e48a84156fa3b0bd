import io
import logging

import pytest

from config.privacy import RedactPatientDataFilter


@pytest.fixture
def site_log():
    """Everything the configured root handlers print while the test runs."""
    stream = io.StringIO()
    handlers = [
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, RedactPatientDataFilter) for f in handler.filters)
    ]
    assert handlers, "the root logger lost its filtered handler"
    old_streams = [handler.setStream(stream) for handler in handlers]
    yield stream
    for handler, old in zip(handlers, old_streams, strict=True):
        handler.setStream(old)
