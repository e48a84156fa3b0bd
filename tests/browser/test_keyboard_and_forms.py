"""Keyboard-only pre-screen, a visible focus indicator on every control reached, form errors tied to fields."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from referrals.models import Referral
from tests.browser.keyboard import Keyboard
from tests.browser.pages import SUITABLE, log_in, next_step, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Every visible error message next to a field must be named by that field (or its fieldset) in
# aria-describedby, and the field's controls must carry aria-invalid="true".
ERROR_TIES = """() => {
  const problems = [];
  const visible = el => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  const selector = 'main form .errorlist:not(.nonfield), main form .error, main form .field-error';
  const messages = [...document.querySelectorAll(selector)].filter(visible);
  for (const message of messages) {
    const text = message.textContent.trim().slice(0, 60);
    const owners = message.id ? [...document.querySelectorAll('[aria-describedby]')]
      .filter(el => el.getAttribute('aria-describedby').split(/\\s+/).includes(message.id)) : [];
    if (!owners.length) { problems.push(`not tied to a field: "${text}"`); continue; }
    for (const owner of owners) {
      const fields = 'input, select, textarea';
      const controls = owner.matches(fields) ? [owner] : [...owner.querySelectorAll(fields)];
      if (!controls.length || controls.some(c => c.getAttribute('aria-invalid') !== 'true')) {
        problems.push(`field of "${text}" is not aria-invalid`);
      }
    }
  }
  return {count: messages.length, problems};
}"""


def answer_by_keyboard(keys: Keyboard, answers: dict[str, str]) -> None:
    page = keys.page
    for fieldset in page.eval_on_selector_all("fieldset.question", "els => els.map(e => e.id)"):
        question = fieldset.removeprefix("q-")
        if question in answers:
            keys.choose_radio(question, answers[question])


def test_prescreen_by_keyboard_alone_with_visible_focus(page, screenshots):
    shoot = screenshots("7-keyboard-only-prescreen")
    keys = Keyboard(page)
    page.goto("/prescreen/")
    while page.locator("form.prescreen-form input[name='step']").count():
        answer_by_keyboard(keys, SUITABLE)  # checklists stay empty: "none of these"
        keys.press_button(lambda button: button["action"] == "next")
    assert page.locator(".outcome.outcome-suitable").is_visible()
    shoot("outcome")

    keys.type_into("near", "30303")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # Enter in a text field submits its form
    assert page.locator("ol.routed-clinics > li").count() >= 3
    keys.press_button(lambda button: button["text"].startswith("Send a referral"))
    shoot("referral-form")

    for name, text in (("first_name", "Zorblina"), ("last_name", "Quackenbottom"), ("email", "zorblina.q@example.org")):
        keys.type_into(name, text)
    keys.choose_radio("preferred_contact", "email")
    keys.tab_until(lambda i: i["name"] == "consent")
    page.keyboard.press("Space")
    keys.press_button(lambda button: button["tag"] == "BUTTON" and "referral" in button["text"].lower())
    assert urlsplit(page.url).path == "/referrals/sent/"
    assert Referral.objects.count() == 1
    shoot("sent")

    assert len(keys.reached) > 50
    assert keys.weak_indicators() == []


COUNT_FOCUSABLE = """() => [
  ...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary')
].filter(e => !e.closest('[hidden]')).length"""
FOCUS_PAGES = ["/", "/clinics/?near=30303", "/clinics/peachtree-ketamine-wellness/", "/accounts/login/"]


def test_every_control_shows_where_the_focus_is(new_page):
    from tests.browser.conftest import DESKTOP

    page = new_page(DESKTOP)
    weak = {}
    for path in FOCUS_PAGES:
        page.goto(path)
        page.eval_on_selector_all("details", "els => els.forEach(e => { e.open = true; })")
        keys = Keyboard(page)
        focusable = page.evaluate(COUNT_FOCUSABLE)
        for _ in range(focusable + 2):
            keys.tab()
        assert len(keys.reached) >= focusable - 2, path  # a radio group is one stop
        weak[path] = keys.weak_indicators()
    assert {path: found for path, found in weak.items() if found} == {}


def form_errors(page) -> dict:
    result = page.evaluate(ERROR_TIES)
    assert result["count"] > 0, "expected error messages on this page"
    return result["problems"]


def test_form_errors_are_tied_to_their_fields(new_page):
    from tests.browser.conftest import DESKTOP

    page = new_page(DESKTOP)
    problems = {}

    page.goto("/prescreen/")
    next_step(page)
    problems["prescreen step"] = form_errors(page)

    page.goto("/clinics/?near=30303&radius=9999")
    problems["search"] = form_errors(page)

    page.goto("/clinics/peachtree-ketamine-wellness/")
    page.click(".report-problem summary")
    page.fill("#report-email", "not an email")
    submit(page, ".report-problem button[type='submit']")
    problems["report a problem"] = form_errors(page)

    page.goto("/prescreen/")
    while page.locator("form.prescreen-form input[name='step']").count():
        for question, value in SUITABLE.items():
            if page.locator(f"input[name='{question}'][value='{value}']").count():
                page.check(f"input[name='{question}'][value='{value}']")
        next_step(page)
    page.fill("input[name='near']", "00000")
    submit(page, "form.location-form button[type='submit']")
    problems["where to look"] = form_errors(page)

    page.fill("input[name='near']", "30303")
    submit(page, "form.location-form button[type='submit']")
    submit(page, "ol.routed-clinics > li:first-child form button[type='submit']")
    page.fill("input[name='email']", "not an email")
    submit(page, "form.referral-form button[type='submit']")
    problems["referral"] = form_errors(page)

    log_in(page, username="demo-referrer")
    page.goto("/referrals/new/")
    submit(page, "form.prescreen-form button[type='submit']")
    problems["referral for a patient"] = form_errors(page)

    assert {name: found for name, found in problems.items() if found} == {}
