"""The rough edges a new visitor hit (issue 17), held in a real browser.

Phone-sized header, one copy of the crisis links, focus on the error summary after a refused
step, styled flow buttons, and a map that loads Leaflet only when it comes into view and
names its pins.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import PHONE
from tests.browser.pages import SUITABLE, answer_step, console_problems, next_step

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Tab stops before the first answer of the first question (the skip link included).
TAB_STOPS_BEFORE_QUESTION = """() => {
  const focusable = 'a[href], button, input:not([type=hidden]), select, textarea, [tabindex="0"]';
  const all = [...document.querySelectorAll(focusable)]
    .filter(el => el.offsetWidth || el.offsetHeight || el === document.querySelector('.skip-link'));
  const first = document.querySelector('fieldset.question input');
  return all.indexOf(first);
}"""


def test_prescreen_on_a_phone(new_page, screenshots):
    page = new_page(PHONE)
    page.goto("/prescreen/")
    header = page.eval_on_selector(".site-header", "e => e.getBoundingClientRect().height")
    assert header <= 130, header  # was about 216 px, plus an 80 px crisis banner
    assert not page.locator(".crisis-banner").is_visible()  # the pre-screen notice has the same links
    assert page.locator(".prescreen-notice a[href='tel:988']").is_visible()
    assert page.evaluate(TAB_STOPS_BEFORE_QUESTION) <= 10  # was 13: the crisis links came twice
    next_button = page.locator("form.prescreen-form button[value='next']")
    assert next_button.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(29, 79, 145)"

    next_step(page)  # nothing answered
    # autofocus runs at the next rendering step after load: wait for it (fails after 10 s).
    page.wait_for_function("() => document.activeElement.classList.contains('error-summary')")
    answer_step(page, SUITABLE)
    next_step(page)
    back = page.locator("form.prescreen-form button[value='back']")
    box = back.bounding_box()
    assert box["height"] >= 44 and back.evaluate("e => getComputedStyle(e).borderTopWidth") == "2px"
    assert console_problems(page) == []


def test_map_loads_leaflet_only_when_seen_and_names_its_pins(new_page):
    page = new_page(PHONE)  # on a phone the map sits below the list
    leaflet_requests = []
    page.on("request", lambda r: "leaflet.js" in r.url and leaflet_requests.append(r.url))
    page.goto("/clinics/?near=30303")
    page.wait_for_load_state("networkidle")
    assert leaflet_requests == []
    assert page.locator(".clinic-card").count() >= 3  # the list stands without the map

    page.locator("#results-map").evaluate("e => e.parentElement.scrollIntoView()")
    page.wait_for_selector("#results-map .leaflet-marker-icon")
    assert len(leaflet_requests) == 1
    names = page.eval_on_selector_all(
        "#results-map .leaflet-marker-icon", "els => els.map(e => e.getAttribute('aria-label'))"
    )
    assert names and all(name and name.startswith("Map pin: ") for name in names)
    assert console_problems(page) == []


def test_nothing_below_the_map_moves_when_it_comes_into_view(new_page):
    """The map holds its place from the start: what lies below does not jump under a visitor's tap."""
    page = new_page(PHONE)
    page.goto("/clinics/peachtree-ketamine-wellness/")
    page.wait_for_load_state("load")
    top_of = "e => e.getBoundingClientRect().top + window.scrollY"
    before = page.locator(".report-problem summary").evaluate(top_of)
    page.locator(".report-problem summary").scroll_into_view_if_needed()
    page.wait_for_selector("#results-map .leaflet-marker-icon")
    assert page.locator(".report-problem summary").evaluate(top_of) == before
    page.click(".report-problem summary")
    assert page.locator(".report-problem details").evaluate("el => el.open")
