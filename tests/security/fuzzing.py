"""Shared pieces of the fuzz tests: hostile values, JSON of any shape, and the invariants.

Invariants: never a 5xx; under /api/ every error is {"errors": {str: [str, ...]}}.
Rate limits are off for fuzzing (each test sends one or two hundred requests from one IP).
Examples per target are bounded so the whole fuzz set stays well under a minute.
"""

from __future__ import annotations

import json
import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# pytest-django's db and client fixtures live for the whole test, across examples: fine here,
# since every invariant holds whatever earlier examples wrote.
FUZZ = dict(
    # The suite runs the same examples every time (a commit must not fail by luck);
    # FUZZ_RANDOM=1 explores new ones, e.g. FUZZ_RANDOM=1 pytest tests/security -k fuzz.
    derandomize=os.environ.get("FUZZ_RANDOM") != "1",
    deadline=None,
    database=None,  # no .hypothesis/ example database in the working tree
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)


def fuzz(max_examples: int):
    return settings(max_examples=max_examples, **FUZZ)


# Values that break naive code: NUL, lone surrogates are impossible in UTF-8 so not here,
# right-to-left and combining marks, numbers that overflow or are not numbers, SQL and HTML.
SPECIAL_TEXT = [
    "",
    " ",
    "\x00",
    "30303\x00",
    "a\x00b",
    "\u202e\u0301\ufeff",
    "１２３４５",
    "٣٠٣٠٣",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "1e309",
    "-0",
    "0x10",
    "9" * 400,
    "-1",
    "1.5",
    "true",
    "null",
    "[]",
    "{}",
    "' OR 1=1 --",
    '"; DROP TABLE directory_clinic; --',
    "<script>alert(1)</script>",
    "%00",
    "../../etc/passwd",
    "Atlanta, GA",
    "33.7,-84.4",
    "91.0,181.0",
    "30303",
    "00000",
]


def text(max_size: int = 60):
    """Any text, often a hostile classic, now and then huge (past the API's 64 KB body limit)."""
    huge = st.builds(lambda ch, n: ch * n, st.sampled_from("xé\x00🙂9"), st.integers(1000, 70_000))
    return st.one_of(
        st.sampled_from(SPECIAL_TEXT),
        st.text(max_size=max_size),
        st.text(alphabet=st.characters(codec="utf-8"), max_size=max_size),
        st.sampled_from(SPECIAL_TEXT),
        huge,
    )


def json_values(max_leaves: int = 12):
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.integers(min_value=10**300, max_value=10**400),  # float() of these overflows
        st.floats(allow_nan=True, allow_infinity=True),
        text(40),
    )
    return st.recursive(
        scalars,
        lambda children: st.one_of(st.lists(children, max_size=5), st.dictionaries(text(20), children, max_size=5)),
        max_leaves=max_leaves,
    )


def dumps(value) -> str:
    # NaN and Infinity are not JSON, but Python's parser takes them: send them anyway.
    return json.dumps(value, allow_nan=True)


# Path parameters are percent-encoded by the tests ("#" or "?" in a slug would otherwise
# end the path and send the request somewhere else).


def assert_no_server_error(response, what: str = ""):
    assert response.status_code < 500, f"{what}: {response.status_code} {response.content[:300]!r}"


def assert_api_shape(response, what: str = ""):
    """An /api/ response: no 5xx, and any 4xx is {"errors": {str: [str, ...]}}, plus only the extras
    docs/API.md names: "suggestions" for a place, "crisis_resources" when a suicide-risk answer is refused."""
    assert_no_server_error(response, what)
    if response.status_code >= 400:
        body = response.json()
        assert "errors" in body and set(body) <= {"errors", "suggestions", "crisis_resources"}, (what, body)
        if "crisis_resources" in body:
            assert {line["contact"] for line in body["crisis_resources"]} >= {"988", "911"}, (what, body)
        errors = body["errors"]
        assert isinstance(errors, dict) and errors, (what, body)
        for field, messages in errors.items():
            assert isinstance(field, str) and isinstance(messages, list) and messages, (what, body)
            assert all(isinstance(message, str) and message for message in messages), (what, body)
