"""Friendly error pages; JSON (config/jsonapi.py's error body) under /api/, an OperationOutcome under /fhir/."""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from config.jsonapi import one_error
from config.outages import log_outage

logger = logging.getLogger(__name__)
# Seconds a client is asked to wait when the database is away (Retry-After).
DATABASE_RETRY_AFTER = 30


def _wants_json(request) -> bool:
    return request.path.startswith("/api/")


def _fhir_outcome(request, message: str, status: int, code: str) -> HttpResponse | None:
    """The FHIR API's own error form (interop.fhir.http), for a path under /fhir/; else None."""
    if not request.path.startswith("/fhir/"):
        return None
    from interop.fhir.http import error_response, invalid

    return error_response(invalid(message, status=status, code=code))


def bad_request(request, exception=None):
    # Reached for requests Django itself refuses, e.g. more than DATA_UPLOAD_MAX_NUMBER_FIELDS parameters.
    message = _("The request could not be read. Check its parameters and try again.")
    if fhir := _fhir_outcome(request, message, 400, "invalid"):
        return fhir
    if _wants_json(request):
        return one_error(message, 400)
    return render(request, "400.html", {"message": message}, status=400)


def permission_denied(request, exception=None):
    if fhir := _fhir_outcome(request, _("You are not allowed to do this."), 403, "forbidden"):
        return fhir
    if _wants_json(request):
        return one_error(_("You are not allowed to do this."), 403)
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    if fhir := _fhir_outcome(request, _("Not found."), 404, "not-found"):
        return fhir
    if _wants_json(request):
        return one_error(_("Not found."), 404)
    return render(request, "404.html", status=404)


def _database_away() -> bool:
    """The exception being handled is the database being unreachable (or a lock or timeout: also transient)."""
    exception = sys.exc_info()[1]
    return isinstance(exception, OperationalError | InterfaceError)


def service_unavailable(request) -> HttpResponse:
    """503 while the database is away: try again soon. Rendered without the database (no user, no session)."""
    log_outage(logger, "Database unavailable; answering 503")
    if _wants_json(request):
        response: HttpResponse = one_error(
            _("The service is briefly unavailable. Nothing was saved; please try again in a minute."), 503
        )
    else:
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(DATABASE_RETRY_AFTER)
    return response


def server_error(request):
    if _database_away():
        return service_unavailable(request)
    message = _("Something went wrong on our side. Please try again.")
    if fhir := _fhir_outcome(request, message, 500, "exception"):
        return fhir
    if _wants_json(request):
        return one_error(message, 500)
    return render(request, "500.html", status=500)
