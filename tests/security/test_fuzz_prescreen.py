"""Fuzz the pre-screen: POST /api/prescreen/ with any JSON (or none), and the page's step forms."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from referrals.flow import REFERRER, SELF, STEPS, State
from referrals.screening import QUESTIONS, validate_answers
from tests.referrals.helpers import suitable_answers
from tests.security.fuzzing import (
    SPECIAL_TEXT,
    assert_api_shape,
    assert_no_server_error,
    dumps,
    fuzz,
    json_values,
    text,
)

QUESTION_IDS = [question.id for question in QUESTIONS]


@st.composite
def near_answers(draw):
    """Answers that are right but for a few: the rules see odd values, not just a rejected body."""
    answers = suitable_answers()
    for key in draw(st.lists(st.sampled_from(QUESTION_IDS), max_size=3)):
        if draw(st.booleans()):
            answers.pop(key, None)
        else:
            answers[key] = draw(json_values(4))
    for key in draw(st.lists(text(20), max_size=2)):
        answers[key] = draw(json_values(3))
    return answers


@st.composite
def prescreen_body(draw):
    kind = draw(st.sampled_from(["any", "near", "near-valid"]))
    if kind == "any":
        return draw(json_values())
    body = {"answers": draw(near_answers()) if kind == "near" else suitable_answers()}
    for key, values in {
        "near": ["30303", "Atlanta, GA", "90026", "33.7,-84.4"],
        "radius": [1, 25, 500, "25", 0, -1, 501, 1e308],
        "payment": ["self-pay", "medicaid", "nope"],
    }.items():
        if draw(st.booleans()):
            body[key] = draw(st.one_of(st.sampled_from(values), json_values(3)))
    return body


@fuzz(120)
@given(body=prescreen_body())
def test_api_prescreen_json(client, fuzz_world, body):
    response = client.post("/api/prescreen/", dumps(body), content_type="application/json")
    assert_api_shape(response, f"{body!r:.300}")
    assert response.status_code in (200, 400, 413)
    if response.status_code == 200:
        assert response.json()["outcome"] in ("suitable", "review", "not_suitable", "crisis")


@fuzz(60)
@given(raw=st.binary(max_size=300), content_type=st.sampled_from(["application/json", "text/plain", "x/\x00"]))
def test_api_prescreen_raw_bytes(client, fuzz_world, raw, content_type):
    response = client.post("/api/prescreen/", raw, content_type=content_type)
    assert_api_shape(response, repr(raw))


FORM_VALUE = st.one_of(st.sampled_from(["yes", "no", "0", "1", "2", "3", "depression", "never"]), text(40))


@st.composite
def prescreen_form(draw):
    """One step's POST: a real, garbled, or missing state; any step and action; odd answers."""
    clean, _ = validate_answers(suitable_answers())
    state = draw(
        st.one_of(
            st.just(State({}, SELF).dumps()),
            st.just(State(clean, draw(st.sampled_from([SELF, REFERRER]))).dumps()),
            st.just(State(clean, SELF).dumps()[:-3] + "abc"),  # tampered
            text(80),
        )
    )
    data: dict[str, object] = {
        "state": state,
        "step": draw(st.one_of(st.sampled_from(STEPS), text(20))),
        "action": draw(st.one_of(st.sampled_from(["next", "back", "location"]), text(20))),
    }
    for key in draw(st.lists(st.sampled_from([*QUESTION_IDS, "near", "radius", "payment"]), max_size=8)):
        data[key] = draw(st.lists(FORM_VALUE, min_size=1, max_size=3))
    if draw(st.booleans()):
        data.pop(draw(st.sampled_from(["state", "step", "action"])))
    return data


@fuzz(80)
@given(data=prescreen_form())
def test_prescreen_page_form(client, fuzz_world, data):
    response = client.post("/prescreen/", data)
    assert_no_server_error(response, f"{data!r:.300}")
    assert response.status_code in (200, 302, 400)


@fuzz(60)
@given(data=st.dictionaries(st.sampled_from(QUESTION_IDS + ["x"]), st.lists(st.sampled_from(SPECIAL_TEXT), max_size=2)))
def test_referrer_one_page_prescreen(client, fuzz_world, data):
    client.force_login(fuzz_world.referrer_a)
    response = client.post("/referrals/new/", data)
    assert_no_server_error(response, f"{data!r:.300}")
    assert response.status_code in (200, 302, 400)
