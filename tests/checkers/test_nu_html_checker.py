"""The Nu Html Checker (vnu) finds no error on any public page.

One checker run for all pages (one JVM start, not one per page). Without Java or the
checker the test skips and says why; REQUIRE_CHECKERS=1 (set by .ci/run) makes that
a failure. Every page is saved to artifacts/html/ for people to read.
"""

from __future__ import annotations

import os
import shutil

import pytest
from django.conf import settings

from tests.checkers.public_pages import GET_PAGES, load_demo_site, public_pages
from tests.checkers.vnu import check_files, vnu_command

pytestmark = pytest.mark.django_db
OUT = settings.BASE_DIR / "artifacts" / "html"
REQUIRED = {
    *GET_PAGES,
    "server-error",
    "clinic-report-errors",
    "prescreen-step-errors",
    "outcome-review",
    "outcome-location-error",
    "outcome-with-clinics",
    "referral-form",
    "referral-form-errors",
    "referral-sent",
    "tracking",
    "login-error",
    "my-referrals",
    "referral-new-for-a-patient",
    "referral-new-errors",
}


def test_every_public_page_is_valid_html(settings):
    command, why_not = vnu_command()
    if command is None:
        if os.environ.get("REQUIRE_CHECKERS") == "1":
            pytest.fail(f"REQUIRE_CHECKERS=1, but {why_not}.", pytrace=False)
        pytest.skip(f"Nu Html Checker skipped: {why_not}")
    if hasattr(settings, "RATELIMIT_ENABLED"):
        settings.RATELIMIT_ENABLED = False
    load_demo_site()
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    paths, statuses = [], {}
    for name, status, html in public_pages():
        statuses[name] = status
        path = OUT / f"{name}.html"
        path.write_text(html)
        paths.append(path)

    missing = REQUIRED - set(statuses)
    assert not missing, f"pages not reached: {sorted(missing)}"
    assert sum(name.startswith("prescreen-") for name in statuses) >= 6  # each step and the step errors
    assert statuses["not-found"] == 404 and statuses["server-error"] == 500
    others = {name: status for name, status in statuses.items() if name not in ("not-found", "server-error")}
    assert set(others.values()) <= {200, 400}, others
    errors = check_files(command, paths)
    assert set(errors) == {path.name for path in paths}  # the checker saw every page
    assert {name: found for name, found in errors.items() if found} == {}
