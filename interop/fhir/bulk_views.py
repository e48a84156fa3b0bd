"""GET /fhir/$bulk-publish and its NDJSON files: published availability for patient-facing schedulers.

Public and anonymous, as the spec asks of open availability data; plain GETs whatever the
`Accept` header says. `Cache-Control: max-age` is the spec's hint of how often to poll.
"""

from __future__ import annotations

import json

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import bulk_publish
from .http import fhir_view, invalid

NDJSON = "application/fhir+ndjson"
POLL_SECONDS = 300


def _cached(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = f"public, max-age={POLL_SECONDS}"
    return response


@fhir_view("GET")
def manifest(request):
    # `_since` is the spec's optional hint; the whole data set is always sent, which it allows.
    body = bulk_publish.manifest(
        request_url=request.build_absolute_uri(),
        base=request.build_absolute_uri("/").rstrip("/"),
        states=bulk_publish.published_states(),
        now=timezone.now(),
    )
    response = HttpResponse(json.dumps(body), content_type="application/json")
    return _cached(response)


@fhir_view("GET")
def ndjson_file(request, state: str, kind: str):
    if kind not in bulk_publish.KINDS or not bulk_publish.STATE_CODE.fullmatch(state):
        raise invalid(_("Not found."), status=404, code="not-found")
    clinics = bulk_publish.published_in(state, now=timezone.now())
    body = bulk_publish.ndjson(bulk_publish.resources(kind, clinics))
    return _cached(HttpResponse(body, content_type=NDJSON))
