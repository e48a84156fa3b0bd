"""The database away: a 503 that says to try again (JSON under /api/), never a traceback or a 500."""

from __future__ import annotations

import pytest
from django.test import Client

from config import outages

pytestmark = pytest.mark.urls("tests.config.urls_database_away")


@pytest.fixture
def browser():
    outages.reset()
    return Client(raise_request_exception=False)


def test_the_api_answers_a_json_503_with_retry_after(browser):
    response = browser.get("/api/gone/")
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert response.json() == {
        "errors": {"__all__": ["The service is briefly unavailable. Nothing was saved; please try again in a minute."]}
    }


def test_the_api_message_is_spanish_too(browser):
    response = browser.get("/api/gone/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 503 and "vuelva a intentarlo" in response.json()["errors"]["__all__"][0]


@pytest.mark.parametrize("path", ["/gone/", "/closed/"])
def test_pages_answer_a_plain_503_page_in_both_languages(browser, path):
    response = browser.get(path)
    html = response.content.decode()
    assert response.status_code == 503 and "try again in a minute" in html and "vuelva a intentarlo" in html
    assert "Traceback" not in html and "OperationalError" not in html


def test_other_errors_are_still_500(browser):
    assert browser.get("/bug/").status_code == 500


def test_the_outage_is_logged_once_a_minute_not_per_request(browser, site_log):
    for _ in range(20):
        browser.get("/gone/")
        browser.get("/api/gone/")
    lines = [line for line in site_log.getvalue().splitlines() if line and not line.startswith(" ")]
    assert lines[0] == "Database unavailable; answering 503"
    assert "Traceback" not in site_log.getvalue().split("\n", 1)[0]
    assert not [line for line in lines if "Service Unavailable" in line]


def test_a_real_500_is_still_logged_with_its_traceback(browser, site_log):
    browser.get("/bug/")
    assert "Internal Server Error: /bug/" in site_log.getvalue() and "ValueError" in site_log.getvalue()
