"""pa11y and Lighthouse (marker `audits`) take minutes: they run as CI's own step, not in `make test`.

They are skipped unless RUN_AUDITS=1 (`.ci/run` sets it for that step). Without the tools they
skip and say why, unless REQUIRE_AUDITS=1, which turns the skip into a failure.
"""

from __future__ import annotations

import os

import pytest


def pytest_collection_modifyitems(config, items):
    if os.environ.get("RUN_AUDITS") == "1":
        return
    why = "pa11y and Lighthouse run with RUN_AUDITS=1 (CI's audit step; README, 'pa11y and Lighthouse')"
    skip = pytest.mark.skip(reason=why)
    for item in items:
        if "audits" in item.keywords:
            item.add_marker(skip)
