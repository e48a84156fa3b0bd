"""Every write a stranger can make is rate limited per client IP, from settings.RATELIMITS.

Each test sets a tiny limit for one scope, sends one request more than it allows, and
checks the 429: JSON {"errors": {"__all__": [...]}} under /api/, the HTML page elsewhere,
with Retry-After either way. Other tests keep the defaults; the fuzz tests and the load
test turn limits off (RATELIMIT_ENABLED=0).
"""

from __future__ import annotations

import json

import pytest

from referrals.screening.questions import questions_in
from tests.referrals.helpers import referral_body, suitable_answers
from tests.referrals.pages import CONTACT, hidden_state, open_referral_form
from tests.security.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def limit(settings):
    """limit("scope", n): allow n requests of that scope per hour, and make sure limits are on."""
    settings.RATELIMIT_ENABLED = True

    def set_limit(scope: str, count: int) -> None:
        settings.RATELIMITS = {**settings.RATELIMITS, scope: (count, 3600)}

    return set_limit


def assert_json_429(response, *, crisis_lines: bool = False):
    """`crisis_lines`: the pre-screen and referral APIs also send 988 and 911 with their refusal."""
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    body = response.json()
    assert list(body) == (["errors", "crisis_resources"] if crisis_lines else ["errors"])
    assert list(body["errors"]) == ["__all__"]
    assert body["errors"]["__all__"][0].startswith("Too many requests")


def assert_html_429(response):
    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/html")
    assert int(response["Retry-After"]) > 0


def post_json(client, url, body, **extra):
    return client.post(url, json.dumps(body), content_type="application/json", **extra)


def test_api_prescreen(client, world, limit):
    limit("prescreen", 2)
    body = {"answers": suitable_answers(), "near": "30303"}
    assert [post_json(client, "/api/prescreen/", body).status_code for _ in range(2)] == [200, 200]
    assert_json_429(post_json(client, "/api/prescreen/", body), crisis_lines=True)
    # Another address still gets through: the limit is per client.
    assert post_json(client, "/api/prescreen/", body, REMOTE_ADDR="192.0.2.44").status_code == 200


def test_api_prescreen_bad_input_counts_too(client, world, limit):
    # Otherwise a flood of garbage would be free.
    limit("prescreen", 1)
    assert post_json(client, "/api/prescreen/", {}).status_code == 400
    assert_json_429(post_json(client, "/api/prescreen/", {}), crisis_lines=True)


def test_api_referrals(client, world, limit):
    limit("referral", 2)
    for _ in range(2):
        assert post_json(client, "/api/referrals/", referral_body(world.clinic_a.slug)).status_code == 201
    assert_json_429(post_json(client, "/api/referrals/", referral_body(world.clinic_a.slug)), crisis_lines=True)
    assert world.clinic_a.referrals.count() == 2 + 1  # the two above and the world's own


def test_prescreen_page_steps(client, world, limit):
    limit("prescreen", 1)
    first = questions_in("safety")
    data = {"step": "safety", "action": "next"} | {q.id: "" for q in first}
    assert client.post("/prescreen/", data).status_code == 400  # unanswered, but served
    assert_html_429(client.post("/prescreen/", data))
    assert client.get("/prescreen/").status_code == 200  # reading the page is never limited


def test_referrer_one_page_prescreen(client, world, limit):
    limit("prescreen", 1)
    client.force_login(world.referrer_a)
    assert client.post("/referrals/new/", {}).status_code == 400
    assert_html_429(client.post("/referrals/new/", {}))


def test_referral_form_counts_sends_only(client, world, limit, settings):
    settings.RATELIMITS = {**settings.RATELIMITS, "prescreen": (100, 60)}  # the steps before the form
    limit("referral", 1)
    form_page = open_referral_form(client, world.clinic_a)
    assert form_page.status_code == 200
    state = hidden_state(form_page)
    show = {"state": state, "clinic": world.clinic_a.slug}
    # Showing the form again is free; each send (valid or not) counts.
    assert client.post("/prescreen/refer/", show).status_code == 200
    send = show | CONTACT | {"action": "send", "consent": "on", "submission_id": "rate-limit-1"}
    assert client.post("/prescreen/refer/", send).status_code == 302
    assert_html_429(client.post("/prescreen/refer/", send | {"submission_id": "rate-limit-2"}))
    assert client.post("/prescreen/refer/", show).status_code == 200


def test_report_a_problem(client, world, limit):
    limit("report", 2)
    url = f"/clinics/{world.clinic_a.slug}/report/"
    data = {"kind": "wrong_phone", "details": "It rings out."}
    assert [client.post(url, data).status_code for _ in range(2)] == [302, 302]
    assert_html_429(client.post(url, data))


def test_switched_off_by_setting(client, world, settings):
    settings.RATELIMIT_ENABLED = False
    settings.RATELIMITS = {**settings.RATELIMITS, "prescreen": (1, 3600)}
    body = {"answers": suitable_answers()}
    assert {post_json(client, "/api/prescreen/", body).status_code for _ in range(5)} == {200}


def test_environment_sets_the_limits(monkeypatch):
    from config.settings import env_rate

    monkeypatch.setenv("RATELIMIT_REFERRAL", "20/600")
    assert env_rate("RATELIMIT_REFERRAL", "10/3600") == (20, 600)


def test_password_reset_is_limited_and_sends_no_more_mail(client, limit, mailoutbox, world):
    """Issue 13, finding 2: each reset request sends an e-mail; a flood is refused."""
    limit("password_reset", 2)
    for _ in range(2):
        response = client.post("/accounts/password_reset/", {"email": world.referrer_a.email})
        assert response.status_code == 302
    assert len(mailoutbox) == 2
    response = client.post("/accounts/password_reset/", {"email": world.referrer_a.email})
    assert_html_429(response)
    assert len(mailoutbox) == 2
    assert client.get("/accounts/password_reset/").status_code == 200  # the form is still shown
