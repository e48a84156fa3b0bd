"""Outages (the cache, the database) are logged once a minute per kind, not once per request.

Every cache user in the site fails open when Redis is unreachable (config/ratelimit.py,
directory/listing_version.py): the request goes on without the cache. A busy site would
then write one warning with a traceback per request; this keeps one line a minute for
each message, with the number of failures since the last line, in each process.
"""

from __future__ import annotations

import logging
import threading
import time

INTERVAL_SECONDS = 60

_lock = threading.Lock()
_last_logged: dict[str, float] = {}
_suppressed: dict[str, int] = {}


def _now() -> float:
    return time.monotonic()


def log_outage(logger: logging.Logger, message: str) -> None:
    """Log `message` (a warning, with the current exception) unless it was logged less than a minute ago."""
    with _lock:
        now = _now()
        last = _last_logged.get(message)
        if last is not None and now - last < INTERVAL_SECONDS:
            _suppressed[message] = _suppressed.get(message, 0) + 1
            return
        _last_logged[message] = now
        suppressed = _suppressed.pop(message, 0)
    suffix = f" ({suppressed} more since the last report)" if suppressed else ""
    logger.warning("%s%s", message, suffix, exc_info=True)


def reset() -> None:
    """Forget what was logged (tests)."""
    with _lock:
        _last_logged.clear()
        _suppressed.clear()


class DatabaseOutageFilter(logging.Filter):
    """Drops Django's per-request error line (with traceback) for a 503 answered because the database is away.

    directory.views.errors.service_unavailable logs the outage itself, once a minute; without
    this filter django.request would add one ERROR with a full traceback per request.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) != 503 or not record.exc_info:
            return True
        from django.db import InterfaceError, OperationalError

        return not isinstance(record.exc_info[1], OperationalError | InterfaceError)
