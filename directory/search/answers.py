"""A repeated search answered whole: the JSON body or the page's parts, keyed by the request as sent.

The count, the page's keys and the search form are cached by what the FilterSet makes of the
parameters (directory.search.keys), which needs the FilterSet: building and cleaning it costs
more than everything else a repeated search does (about 2 ms of copying its filters and form
fields). The answer itself depends on the parameters as sent (its page links repeat them), the
host (the JSON's URLs are absolute), the language and the minute (open now, availability),
so a request whose answer is kept is served from one cache read, before any of that.

The answer is kept in the listings' generation (directory.listing_version), so no write to the
listings leaves it behind. Only what is the same for every visitor goes through here: the
public JSON list and the search page's results and form (not the page around them, which
carries a CSRF token and the visitor's own navigation).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.utils import timezone
from django.utils.translation import get_language

from directory.listing_version import cached_answer

T = TypeVar("T")
CLOCK_WINDOW_SECONDS = 60


def clock_window() -> int:
    """The current minute, as a number: answers that follow the clock are kept one window at most."""
    return int(timezone.now().timestamp()) // CLOCK_WINDOW_SECONDS


def request_key(request, kind: str) -> str:
    """`directory:<kind>:<digest>` of the host, path, query string, language and clock window."""
    parts = (
        request.build_absolute_uri("/"),
        request.path,
        request.GET.urlencode(),
        get_language() or "",
        str(clock_window()),
    )
    digest = hashlib.sha256("\x00".join(parts).encode()).hexdigest()
    return f"directory:{kind}:{digest}"


def remembered_answer(request, kind: str, compute: Callable[[], T]) -> T:
    """`compute()` for this request, or the answer it gave to the same request in this minute and generation.

    An exception from `compute` (a parameter refused) is raised as it is and nothing is kept.
    """
    return cached_answer(request_key(request, kind), compute)
