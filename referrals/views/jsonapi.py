"""Small helpers so every API error has the contract's shape: {"errors": {field: [message]}}."""

from __future__ import annotations

import json
from functools import wraps
from typing import Any

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.utils.translation import gettext as _

MAX_BODY_BYTES = 64 * 1024


class BadRequest(Exception):
    def __init__(self, errors: dict[str, list[str]], status: int = 400):
        super().__init__(sorted(errors))
        self.errors = errors
        self.status = status


def error_response(errors: dict[str, list[str]], status: int = 400) -> JsonResponse:
    return JsonResponse({"errors": errors}, status=status)


def json_body(request) -> dict[str, Any]:
    """The request body as a JSON object, or BadRequest."""
    if len(request.body) > MAX_BODY_BYTES:
        raise BadRequest({"__all__": [_("The request body is too large.")]}, status=413)
    try:
        body = json.loads(request.body or b"")
    except (UnicodeDecodeError, ValueError):
        raise BadRequest({"__all__": [_("The request body is not valid JSON.")]}) from None
    if not isinstance(body, dict):
        raise BadRequest({"__all__": [_("The request body must be a JSON object.")]})
    return body


def validation_errors(exc: ValidationError, prefix_map: dict[str, str] | None = None) -> dict[str, list[str]]:
    prefix_map = prefix_map or {}
    if not hasattr(exc, "error_dict"):
        return {"__all__": list(exc.messages)}
    errors: dict[str, list[str]] = {}
    for field, field_errors in exc.message_dict.items():
        key = "__all__" if field == "__all__" else prefix_map.get(field, field)
        errors.setdefault(key, []).extend(field_errors)
    return errors


def json_methods(*methods: str):
    """Like require_http_methods, but the 405 is JSON too."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in methods:
                message = _("Use %(methods)s.") % {"methods": _(" or ").join(methods)}
                response = error_response({"__all__": [message]}, status=405)
                response["Allow"] = ", ".join(methods)
                return response
            try:
                return view(request, *args, **kwargs)
            except BadRequest as exc:
                return error_response(exc.errors, exc.status)

        return wrapper

    return decorator
