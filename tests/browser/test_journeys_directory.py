"""Journeys 1 and 2: search near a ZIP, narrow by filters, page through; open a clinic."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.pages import console_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FILTERS = {"treatment": ["iv-infusion"], "payment": ["self-pay"], "accepting_new_patients": ["true"]}


def result_names(page) -> list[str]:
    return page.locator(".clinic-list .clinic-card h3 a").all_inner_texts()


def api_names(page, query: str) -> list[str]:
    """The JSON API answers the same query from the same FilterSet: the page must agree with it."""
    response = page.request.get(f"/api/clinics/?{query}")
    assert response.ok, response.text()
    return [clinic["name"] for clinic in response.json()["results"]]


def query_of(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def test_search_near_a_zip_and_narrow_by_filters(page, screenshots):
    shoot = screenshots("1-search-and-filter")
    page.goto("/")
    shoot("home")
    page.fill("#home-near", "30303")
    with page.expect_navigation():
        page.click("form.search-box button[type='submit']")
    assert urlsplit(page.url).path == "/clinics/"
    everything = result_names(page)
    assert everything == api_names(page, "near=30303")  # nearest first, within the default 25 miles
    assert "Peachtree Ketamine Wellness (fictional)" == everything[0]
    shoot("results-near-30303")

    page.click("details.more-filters summary")
    page.check("input[name='treatment'][value='iv-infusion']")
    page.select_option("#f-payment", "self-pay")
    page.select_option("#f-accepting_new_patients", "true")
    shoot("filters-chosen")
    with page.expect_navigation():
        page.click(".filter-actions button[type='submit']")
    assert {key: query_of(page).get(key) for key in FILTERS} == FILTERS
    narrowed = result_names(page)
    assert narrowed == api_names(page, "near=30303&treatment=iv-infusion&payment=self-pay&accepting_new_patients=true")
    assert 2 < len(narrowed) < len(everything)
    assert set(narrowed) <= set(everything)
    for card in page.locator(".clinic-list .clinic-card").all():
        assert card.locator(".badge-good", has_text="Accepting new patients").count() == 1
        assert "IV" in card.locator(".facts").inner_text()
    shoot("results-narrowed")

    # The demo directory has fewer clinics than a page holds, so ask for small pages.
    page.goto(page.url + "&page_size=3")
    first_page = result_names(page)
    assert len(first_page) == 3
    with page.expect_navigation():
        page.click(".pagination a[rel='next']")
    kept = query_of(page)
    assert kept["page"] == ["2"] and kept["near"] == ["30303"]
    assert {key: kept.get(key) for key in FILTERS} == FILTERS
    assert page.is_checked("input[name='treatment'][value='iv-infusion']")
    assert page.input_value("#f-payment") == "self-pay"
    second_page = result_names(page)
    assert second_page and not set(second_page) & set(first_page)
    assert first_page + second_page == narrowed[:6]
    shoot("results-page-2")
    assert console_problems(page) == []


def test_open_a_clinic_page(page, screenshots):
    shoot = screenshots("2-clinic-page")
    page.goto("/cities/atlanta-ga/")
    shoot("city-page")
    with page.expect_navigation():
        page.click("a[href='/clinics/peachtree-ketamine-wellness/']")
    assert page.locator("h1").inner_text() == "Peachtree Ketamine Wellness (fictional)"
    assert page.locator(".contact-card a[href^='tel:']").inner_text() == "(404) 555-0101"
    assert page.locator("table.hours tbody tr").count() == 7
    assert page.locator(".clinic-header .badges li").count() >= 3
    shoot("clinic")
    # The map script runs at the load event; wait for it so no late layout step moves the
    # disclosure between Playwright's hit test and its click (seen once at phone width).
    page.wait_for_load_state("load")
    page.click(".report-problem summary")
    page.wait_for_selector("textarea[name='details']", state="visible", timeout=5000)
    assert page.locator(".report-problem details").evaluate("el => el.open")
    shoot("report-a-problem-open")
    assert console_problems(page) == []
