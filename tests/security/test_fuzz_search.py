"""Fuzz the search parameters: GET /api/clinics/, /api/clinics/<slug>/, /clinics/ and /cities/<slug>/."""

from __future__ import annotations

from urllib.parse import quote

from hypothesis import given
from hypothesis import strategies as st

from tests.security.fuzzing import assert_api_shape, assert_no_server_error, fuzz, text

PARAMS = (
    "near",
    "radius",
    "city",
    "condition",
    "treatment",
    "payment",
    "language",
    "accepting_new_patients",
    "telehealth",
    "verified",
    "open_now",
    "q",
    "sort",
    "page",
    "page_size",
)
GOOD = {
    "near": ["30303", "Atlanta, GA", "33.75,-84.39", "90026"],
    "radius": ["1", "25", "500", "0", "501", "2.5"],
    "city": ["atlanta-ga", "los-angeles-ca", "nowhere-xx"],
    "condition": ["depression", "ptsd", "migraine"],
    "treatment": ["iv-infusion", "esketamine-nasal-spray"],
    "payment": ["self-pay", "medicaid"],
    "language": ["en", "es", "zz"],
    "accepting_new_patients": ["true", "false"],
    "telehealth": ["true", "false"],
    "verified": ["true", "false"],
    "open_now": ["true", "false"],
    "q": ["ketamine", "alpha"],
    "sort": ["distance", "name"],
    "page": ["1", "2", "999999999999999999999"],
    "page_size": ["1", "100", "101"],
}


@st.composite
def query(draw):
    """A query string: known parameters with good or hostile values (some repeated), plus junk keys."""
    params: dict[str, list[str]] = {}
    for name in draw(st.lists(st.sampled_from(PARAMS), max_size=6)):
        values = draw(st.lists(st.one_of(st.sampled_from(GOOD[name]), text()), min_size=1, max_size=3))
        params.setdefault(name, []).extend(values)
    for name in draw(st.lists(text(20), max_size=2)):
        params.setdefault(name or "_", []).append(draw(text(20)))
    return params


@fuzz(100)
@given(params=query())
def test_api_clinic_list(client, fuzz_world, params):
    response = client.get("/api/clinics/", params)
    assert_api_shape(response, f"GET /api/clinics/ {params!r:.300}")
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert set(response.json()) == {"count", "next", "previous", "results"}
    else:
        assert set(response.json()["errors"]) <= set(PARAMS) | {"__all__"}


@fuzz(60)
@given(slug=text(80))
def test_api_clinic_detail(client, fuzz_world, slug):
    response = client.get(f"/api/clinics/{quote(slug, safe='')}/")
    assert_no_server_error(response, repr(slug))
    if response.headers["Content-Type"].startswith("application/json") and response.status_code >= 400:
        assert_api_shape(response, repr(slug))


@fuzz(60)
@given(params=query())
def test_search_page(client, fuzz_world, params):
    response = client.get("/clinics/", params)
    assert_no_server_error(response, f"GET /clinics/ {params!r:.300}")
    assert response.status_code in (200, 400)


@fuzz(60)
@given(params=query(), slug=st.one_of(st.sampled_from(["atlanta-ga", "los-angeles-ca"]), text(40)))
def test_city_page(client, fuzz_world, params, slug):
    response = client.get(f"/cities/{quote(slug, safe='')}/", params)
    assert_no_server_error(response, f"GET /cities/{slug!r}/ {params!r:.300}")
    assert response.status_code in (200, 400, 404)
