"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Without Chromium (or Playwright) these tests skip and say why, so `make test` still
passes on a laptop without a browser. `.ci/run` sets REQUIRE_BROWSER=1, which turns
that skip into a failure: in CI the journeys must really run.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connections

from tests.browser.pages import ExternalRequests, Screenshots

LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(django_settings.BASE_DIR) / "artifacts"


@dataclass(frozen=True)
class Viewport:
    name: str
    width: int
    height: int
    mobile: bool


PHONE = Viewport("390x844", 390, 844, mobile=True)
DESKTOP = Viewport("1280x900", 1280, 900, mobile=False)
VIEWPORTS = [PHONE, DESKTOP]


def _chromium_executable() -> str | None:
    for candidate in (os.environ.get("CHROMIUM_PATH"), "chromium", "chromium-browser"):
        if candidate and (found := shutil.which(candidate)):
            return found
    return None


def _unavailable(reason: str):
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1, but {reason}.", pytrace=False)
    pytest.skip(f"browser tests skipped: {reason} (apt-get install chromium; .ci/run does it)")


@pytest.fixture(scope="session")
def browser(django_db_setup):
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed (pip install -r requirements-dev.txt)")
    executable = _chromium_executable()
    if executable is None:
        _unavailable("Chromium is not installed")
    # Playwright's sync API keeps an asyncio loop on this thread, and Django refuses ORM calls
    # when it sees one. The tests' ORM calls are plain synchronous code, so the check is moot.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    snapshots = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    try:
        with sync_playwright() as playwright:
            # With that loop running, asgiref hands this thread fresh database wrappers. Give them
            # the snapshot Django took of the migrated test database, or serialized_rollback would
            # restore nothing after the first flush (and the lookup rows and groups would be gone).
            for alias, contents in snapshots.items():
                connections[alias]._test_serialized_contents = contents
            try:
                chromium = playwright.chromium.launch(executable_path=executable, args=LAUNCH_ARGS)
            except Error as exc:
                _unavailable(f"Chromium at {executable} did not start ({exc.message.splitlines()[0]})")
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def site(live_server, settings):
    """The live server with the fictional demo directory and the demo accounts.

    Each browser test is transactional (the server answers from another thread), so the
    data is loaded per test; serialized_rollback brings back the migrations' lookup rows
    and groups that the flush between tests removes.
    """
    if hasattr(settings, "RATELIMIT_ENABLED"):
        settings.RATELIMIT_ENABLED = False  # journeys post the pre-screen more often than a person would
    settings.SIMPLE_HISTORY_ENABLED = False  # listing history triples the fixture load; no journey reads it
    call_command("loaddata", "demo_directory", verbosity=0)
    settings.SIMPLE_HISTORY_ENABLED = True
    from directory.demo_accounts import create_demo_accounts

    create_demo_accounts()
    return live_server


@pytest.fixture(params=VIEWPORTS, ids=lambda v: v.name)
def viewport(request) -> Viewport:
    return request.param


@pytest.fixture
def new_page(browser, site):
    """new_page(viewport) → a page in a fresh context (own cookies), English, the internet stubbed out."""
    contexts = []

    def make(viewport: Viewport):
        context = browser.new_context(
            viewport={"width": viewport.width, "height": viewport.height},
            is_mobile=viewport.mobile,
            has_touch=viewport.mobile,
            locale="en-US",
            base_url=site.url,
        )
        ExternalRequests(site.url).install(context)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.console_errors = []  # CSP violations and script errors end up here
        page.on(
            "console",
            lambda msg: msg.type == "error" and page.console_errors.append(f"{msg.text} [{msg.location.get('url')}]"),
        )
        page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page, viewport):
    return new_page(viewport)


@pytest.fixture
def screenshots(page, viewport):
    """screenshots(journey) → shoot(step), saving artifacts/screenshots/<journey>/<viewport>/<NN>-<step>.png."""
    return lambda journey: Screenshots(page, ARTIFACTS / "screenshots" / journey / viewport.name)
