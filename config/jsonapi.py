"""The JSON APIs' one error convention and their one body parser (docs/API.md, "Errors").

Every JSON endpoint (directory/api, referrals/views/api, interop/hsds_api, the /api/ error pages)
answers an error as `{"errors": {"<parameter, field path or __all__>": ["message", …]}}` with a 4xx
or 5xx status, optionally beside `"suggestions"`. FHIR answers OperationOutcome instead
(interop/fhir/http.py), as its standard requires.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import RequestDataTooBig, ValidationError
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

MAX_BODY_BYTES = 64 * 1024
# Our deepest document is {"answers": {"medical_conditions": [...]}}: three levels. Room to spare.
MAX_DEPTH = 20
JSON_TYPE = "application/json"

Errors = dict[str, list[str]]


class ApiError(Exception):
    """Raised anywhere below a `json_endpoint` view: answered as the error body with `status`."""

    def __init__(self, errors: Errors, status: int = 400, *, suggestions: dict[str, list[str]] | None = None):
        super().__init__(sorted(errors))
        self.errors = errors
        self.status = status
        self.suggestions = suggestions or {}


def error_body(errors: Errors, *, suggestions: dict[str, list[str]] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"errors": {name: [str(text) for text in messages] for name, messages in errors.items()}}
    if suggestions:
        body["suggestions"] = suggestions  # "Did you mean …?" as data, for a client to offer
    return body


def error_response(
    errors: Errors, status: int = 400, *, suggestions: dict[str, list[str]] | None = None
) -> JsonResponse:
    return JsonResponse(error_body(errors, suggestions=suggestions), status=status)


def one_error(message: str, status: int) -> JsonResponse:
    """An error about the request as a whole (`__all__`)."""
    return error_response({"__all__": [message]}, status)


def method_not_allowed(request, allowed: tuple[str, ...]) -> JsonResponse:
    message = _("Method %(method)s is not allowed here; use %(methods)s.") % {
        "method": request.method,
        "methods": _(" or ").join(method for method in allowed if method != "HEAD"),
    }
    response = one_error(message, 405)
    response["Allow"] = ", ".join((*allowed, "OPTIONS"))
    return response


def json_endpoint(*methods: str) -> Callable:
    """Only `methods` (else a JSON 405 with `Allow`); an ApiError raised inside becomes its JSON error.

    OPTIONS is answered with the methods allowed (a CORS preflight never gets here: the CORS
    middleware answers it, for the public GET API only).
    """
    allowed = (*methods, "HEAD") if "GET" in methods and "HEAD" not in methods else methods

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "OPTIONS":
                response = HttpResponse(status=204)
                response["Allow"] = ", ".join((*allowed, "OPTIONS"))
                return response
            if request.method not in allowed:
                return method_not_allowed(request, allowed)
            try:
                return view(request, *args, **kwargs)
            except ApiError as exc:
                return error_response(exc.errors, exc.status, suggestions=exc.suggestions)

        return wrapper

    return decorator


def json_body(request) -> dict[str, Any]:
    """The request body as a JSON object, or ApiError: the one parser of every JSON endpoint."""
    too_large = ApiError({"__all__": [_("The request body is too large.")]}, status=413)
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_BODY_BYTES:
        raise too_large  # before reading it: past DATA_UPLOAD_MAX_MEMORY_SIZE Django would refuse it as a 400
    try:
        raw = request.body
    except RequestDataTooBig:
        raise too_large from None
    if raw and request.content_type != JSON_TYPE:  # no body at all is a 400 below
        message = _("Send the body as JSON, with the header Content-Type: application/json.")
        raise ApiError({"__all__": [message]}, status=415)
    if len(raw) > MAX_BODY_BYTES:
        raise too_large
    try:
        body = json.loads(raw or b"")
    except RecursionError:  # [[[[…]]]] a few thousand deep: the parser gives up before we can look
        raise ApiError({"__all__": [too_deep_message()]}) from None
    except (UnicodeDecodeError, ValueError):
        raise ApiError({"__all__": [_("The request body is not valid JSON.")]}) from None
    if not isinstance(body, dict):
        raise ApiError({"__all__": [_("The request body must be a JSON object.")]})
    errors = unsafe_values(body)
    if errors:
        raise ApiError(errors)
    return body


def too_deep_message() -> str:
    return _("The data is nested too deeply (at most %(depth)d levels).") % {"depth": MAX_DEPTH}


def nul_message() -> str:
    return _("Remove the NUL character from this value.")


def unsafe_values(body: dict[str, Any]) -> Errors:
    """Nesting deeper than MAX_DEPTH, or a NUL character in any key or text, keyed by the field's path.

    Walked with a stack, not recursion. Deep nesting would otherwise fail later, in the
    validators, the fingerprint or the JSON column; PostgreSQL refuses NUL in text and jsonb
    (SQLite stores it), so it must be refused here on both databases alike.
    """
    errors: Errors = {}
    stack: list[tuple[Any, str, int]] = [(body, "", 0)]
    while stack:
        value, path, depth = stack.pop()
        field = path or "__all__"
        if depth > MAX_DEPTH:
            errors.setdefault(field, [too_deep_message()])
            continue
        if isinstance(value, str):
            if "\x00" in value:
                errors.setdefault(field, [nul_message()])
        elif isinstance(value, dict):
            for key, item in value.items():
                if "\x00" in key:
                    errors.setdefault(field, [nul_message()])
                    continue
                stack.append((item, f"{path}.{key}" if path else key, depth + 1))
        elif isinstance(value, list):
            stack.extend((item, path, depth + 1) for item in value)
    return errors


def validation_errors(exc: ValidationError, prefix_map: dict[str, str] | None = None) -> Errors:
    prefix_map = prefix_map or {}
    if not hasattr(exc, "error_dict"):
        return {"__all__": list(exc.messages)}
    errors: Errors = {}
    for field, field_errors in exc.message_dict.items():
        key = "__all__" if field == "__all__" else prefix_map.get(field, field)
        errors.setdefault(key, []).extend(field_errors)
    return errors
