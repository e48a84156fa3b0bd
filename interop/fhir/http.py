"""FHIR over HTTP: `application/fhir+json` answers, OperationOutcome errors, safe parsing of bodies.

Every resource we send is built with fhir.resources (so it validates, or the bug is ours and loud
in tests) and every body we accept is checked for size and depth before its model parses it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import wraps
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from fhir.resources.R4B.operationoutcome import OperationOutcome
from pydantic import ValidationError

from referrals.auth import AuthFailed

FHIR_JSON = "application/fhir+json"
MAX_BODY_BYTES = 256 * 1024
MAX_DEPTH = 40  # deeper than any resource we read needs; stops recursion bombs before the models see them
MAX_ISSUES = 20


class FhirError(Exception):
    """Becomes an OperationOutcome with `status`. `issues` are (code, message, expression or None)."""

    def __init__(self, issues: Iterable[tuple[str, str, str | None]], status: int = 400):
        self.issues = list(issues)[:MAX_ISSUES]
        super().__init__([issue[1] for issue in self.issues])
        self.status = status
        self.headers: dict[str, str] = {}


def invalid(message: str, expression: str | None = None, *, status: int = 400, code: str = "invalid") -> FhirError:
    return FhirError([(code, message, expression)], status)


def emit(model: type, data: dict[str, Any]) -> dict[str, Any]:
    """`data` checked by its fhir.resources model, as the JSON we send."""
    return json.loads(model.model_validate(data).model_dump_json(exclude_none=True))


def outcome(issues: Iterable[tuple[str, str, str | None]], severity: str = "error") -> dict[str, Any]:
    return emit(
        OperationOutcome,
        {
            "resourceType": "OperationOutcome",
            "issue": [
                {"severity": severity, "code": code, "diagnostics": message}
                | ({"expression": [expression]} if expression else {})
                for code, message, expression in issues
            ],
        },
    )


def fhir_response(resource: dict[str, Any], status: int = 200, **headers: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps(resource, ensure_ascii=False), status=status, content_type=f"{FHIR_JSON}; charset=utf-8"
    )
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def error_response(exc: FhirError) -> HttpResponse:
    response = fhir_response(outcome(exc.issues), exc.status)
    for name, value in exc.headers.items():
        response[name] = value
    return response


def _too_deep(value: Any) -> bool:
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        if isinstance(item, dict):
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)
    return False


def read_json(request) -> dict[str, Any]:
    """The body as a JSON object, or FhirError (400; 413 when too large)."""
    if len(request.body) > MAX_BODY_BYTES:
        raise invalid(_("The request body is too large."), status=413, code="too-costly")
    try:
        body = json.loads(request.body or b"")
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise invalid(_("The request body is not valid JSON.")) from None
    if not isinstance(body, dict):
        raise invalid(_("The request body must be a JSON object (a FHIR resource)."))
    if _too_deep(body):
        raise invalid(_("The request body is nested too deeply."), status=400, code="too-costly")
    return body


def parse(model: type, data: dict[str, Any], where: str):
    """Parse `data` with its fhir.resources model; anything it refuses is a 400 naming the fields."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        issues = []
        for error in exc.errors(include_url=False)[:MAX_ISSUES]:
            path = ".".join(str(part) for part in error.get("loc", ()) if not str(part).startswith("function"))
            issues.append(("structure", str(error.get("msg", "")), f"{where}.{path}" if path else where))
        raise FhirError(issues or [("structure", _("Not a valid %(type)s.") % {"type": where}, where)]) from None
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        # fhir.resources raises KeyError for an unknown resourceType inside a Bundle, for example.
        raise invalid(_("Not a valid %(type)s.") % {"type": where}, where) from None


def fhir_view(*methods: str):
    """Allowed methods (else a 405 OperationOutcome); FhirError and AuthFailed become OperationOutcomes.

    CSRF is not Django's middleware's business here (its 403 would be HTML): reads change nothing,
    and the one write checks it in api_caller() whenever it rides on a session.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in methods:
                message = _("Use %(methods)s.") % {"methods": _(" or ").join(methods)}
                response = error_response(invalid(message, status=405, code="not-supported"))
                response["Allow"] = ", ".join(methods)
                return response
            try:
                return view(request, *args, **kwargs)
            except FhirError as exc:
                return error_response(exc)
            except AuthFailed as exc:
                code = "login" if exc.status == 401 else "forbidden"
                return error_response(invalid(exc.message, status=exc.status, code=code))

        return csrf_exempt(wrapper)

    return decorator
