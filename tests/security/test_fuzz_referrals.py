"""Fuzz the referrals: POST /api/referrals/ (body, headers, tokens) and the referral form's sends."""

from __future__ import annotations

from urllib.parse import quote

from hypothesis import given
from hypothesis import strategies as st

from referrals.flow import REFERRER, SELF, State
from referrals.models import Referral
from referrals.screening import validate_answers
from tests.referrals.helpers import suitable_answers
from tests.security.fuzzing import assert_api_shape, assert_no_server_error, dumps, fuzz, json_values, text
from tests.security.world import PATIENT_A

CONTACT_KEYS = ("first_name", "last_name", "email", "phone", "preferred_contact")
GOOD_CONTACT = {
    "first_name": ["Ada", "Ötzi", "李"],
    "last_name": ["Quux", "O'Brien"],
    "email": ["ada@example.org", "not-an-email", "a@b"],
    "phone": ["(404) 555-0123", "555-01", "+1 404 555 0123", "4045550123"],
    "preferred_contact": ["email", "phone", "fax"],
}
API_CODES = (200, 201, 400, 401, 403, 413, 422)


@st.composite
def patient(draw):
    person = dict(PATIENT_A)
    for key in draw(st.lists(st.sampled_from(CONTACT_KEYS), max_size=4)):
        person[key] = draw(st.one_of(st.sampled_from(GOOD_CONTACT[key]), text(), json_values(2)))
    if draw(st.booleans()):
        person[draw(text(10))] = draw(text(10))
    return person


@st.composite
def referral_body(draw):
    if draw(st.integers(0, 4)) == 0:
        return draw(json_values())
    body = {
        "answers": suitable_answers(),
        "clinic": "alpha-imaginary",
        "patient": draw(patient()),
        "consent": True,
        "note": "Mornings are best.",
    }
    for key, values in {
        "answers": [suitable_answers(condition="migraine"), suitable_answers(self_harm_thoughts=3), {}, []],
        "clinic": ["beta-pretend", "no-such-clinic", "", None],
        "consent": [False, "true", 1, None],
        "note": ["", "x" * 2001, None, 7],
    }.items():
        if draw(st.integers(0, 3)) == 0:
            body[key] = draw(st.one_of(st.sampled_from(values), json_values(3)))
    if draw(st.integers(0, 9)) == 0:
        body.pop(draw(st.sampled_from(sorted(body))))
    return body


@st.composite
def headers(draw, api_key: str):
    result = {}
    if draw(st.booleans()):
        result["HTTP_IDEMPOTENCY_KEY"] = draw(st.one_of(st.sampled_from(["k-1", "k-2", "x" * 101]), text(30)))
    auth = draw(st.integers(0, 5))
    if auth == 1:
        result["HTTP_AUTHORIZATION"] = f"Token {api_key}"
    elif auth == 2:
        result["HTTP_AUTHORIZATION"] = draw(st.one_of(st.just("Token "), st.just("Bearer x"), text(40)))
    return result


@fuzz(100)
@given(data=st.data())
def test_api_referrals_json(client, fuzz_world, data):
    body = data.draw(referral_body())
    extra = data.draw(headers(fuzz_world.api_key_a))
    try:
        response = client.post("/api/referrals/", dumps(body), content_type="application/json", **extra)
    except UnicodeEncodeError:  # a header value the HTTP layer itself cannot carry
        return
    assert_api_shape(response, f"{body!r:.200} {extra!r:.100}")
    assert response.status_code in API_CODES
    if response.status_code in (200, 201):
        referral = Referral.objects.get(pk=response.json()["id"])
        assert referral.status_changes.filter(to_status="sent").count() == 1


@fuzz(60)
@given(pk=st.one_of(st.integers(-(2**70), 2**70), text(30)))
def test_api_referral_detail(client, fuzz_world, pk):
    response = client.get(f"/api/referrals/{quote(str(pk), safe='')}/")
    assert_no_server_error(response, repr(pk))
    if response.headers["Content-Type"].startswith("application/json"):
        assert_api_shape(response, repr(pk))


@st.composite
def referral_form(draw):
    clean, _ = validate_answers(suitable_answers())
    data: dict[str, object] = {
        "state": draw(
            st.one_of(
                st.just(State(clean, SELF).dumps()),
                st.just(State(clean, REFERRER).dumps()),  # sent by someone who is not a referrer
                st.just(State({"condition": "x"}, SELF).dumps()),
                text(60),
            )
        ),
        "clinic": draw(st.one_of(st.sampled_from(["alpha-imaginary", "beta-pretend", "nope"]), text(30))),
        "action": draw(st.one_of(st.just("send"), text(10))),
        "submission_id": draw(st.one_of(st.sampled_from(["s-1", "s-2", "x" * 101]), text(40))),
    }
    for key in CONTACT_KEYS:
        data[key] = draw(st.one_of(st.sampled_from(GOOD_CONTACT[key]), text()))
    data["note"] = draw(text())
    if draw(st.booleans()):
        data["consent"] = draw(st.one_of(st.just("on"), text(10)))
    for key in draw(st.lists(st.sampled_from(sorted(data)), max_size=2)):
        data.pop(key, None)
    return data


@fuzz(80)
@given(data=referral_form())
def test_referral_form_post(client, fuzz_world, data):
    response = client.post("/prescreen/refer/", data)
    assert_no_server_error(response, f"{data!r:.300}")
    assert response.status_code in (200, 302, 400, 403, 422)
