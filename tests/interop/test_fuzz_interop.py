"""Fuzz the FHIR transaction and the HSDS query parameters: never a 5xx, errors always in their shape."""

from __future__ import annotations

import json

import pytest
from fhir.resources.R4B.operationoutcome import OperationOutcome
from hypothesis import given
from hypothesis import strategies as st

from referrals.models import ReferrerApiToken
from tests.referrals.helpers import PATIENT, suitable_answers
from tests.security.fuzzing import assert_api_shape, dumps, fuzz, json_values, text

from .fhir_client import FHIR_JSON, referral_bundle

pytestmark = pytest.mark.django_db


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, (*prefix, index))


def _replace(value, path, new):
    if not path:
        return new
    copy = value.copy()
    copy[path[0]] = _replace(value[path[0]], path[1:], new)
    return copy


@pytest.fixture
def good_bundle(client, referral_clinic, settings):
    from fhir.resources.R4B.questionnaire import Questionnaire

    questionnaire = Questionnaire.model_validate_json(client.get("/fhir/Questionnaire/prescreen").content)
    model = referral_bundle(
        questionnaire=questionnaire,
        answers=suitable_answers(),
        organization_id=str(referral_clinic.pk),
        condition_system=f"{settings.SITE_URL}/fhir/CodeSystem/condition",
        patient=PATIENT,
    )
    return json.loads(model.model_dump_json(exclude_none=True))


@pytest.fixture
def auth(referrer):
    _token, key = ReferrerApiToken.issue(user=referrer)
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


@given(data=st.data())
@fuzz(150)
def test_a_bundle_with_anything_anywhere_never_breaks_the_server(client, good_bundle, auth, settings, data):
    settings.RATELIMIT_ENABLED = False
    paths = list(_paths(good_bundle))
    path = data.draw(st.sampled_from(paths))
    body = _replace(good_bundle, path, data.draw(json_values(6)))
    response = client.post("/fhir/Bundle", dumps(body), content_type=FHIR_JSON, **auth)
    assert response.status_code in (200, 201, 400, 413, 422), (path, response.status_code, response.content[:300])
    assert response["Content-Type"].startswith(FHIR_JSON)
    if response.status_code >= 400:
        assert OperationOutcome.model_validate_json(response.content).issue


HSDS_URLS = [
    "/api/hsds/services",
    "/api/hsds/service_at_locations",
    "/api/hsds/organizations",
    "/api/hsds/taxonomy_terms",
]
HSDS_PARAMS = [
    "search",
    "page",
    "per_page",
    "taxonomy_term_id",
    "taxonomy_id",
    "organization_id",
    "modified_after",
    "full",
    "postcode",
    "proximity",
    "format",
    "top_only",
]


@given(url=st.sampled_from(HSDS_URLS), params=st.dictionaries(st.sampled_from(HSDS_PARAMS), text(30), max_size=4))
@fuzz(150)
def test_hsds_parameters_never_break_the_server(client, referral_clinic, url, params):
    response = client.get(url, params)
    assert_api_shape(response, f"{url} {params}")


@given(value=text(80))
@fuzz(60)
def test_fhir_and_hsds_ids_never_break_the_server(client, referral_clinic, auth, value):
    from urllib.parse import quote

    for url in ("/fhir/Task/", "/fhir/Organization/", "/api/hsds/services/", "/api/hsds/taxonomy_terms/"):
        response = client.get(url + quote(value, safe=""), **auth)
        assert response.status_code < 500, (url, value)
