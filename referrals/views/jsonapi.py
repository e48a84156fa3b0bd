"""Small helpers so every API error has the contract's shape: {"errors": {field: [message]}}."""

from __future__ import annotations

import json
from functools import wraps
from typing import Any

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.utils.translation import gettext as _

MAX_BODY_BYTES = 64 * 1024
# Our deepest document is {"answers": {"medical_conditions": [...]}}: three levels. Room to spare.
MAX_DEPTH = 20


class BadRequest(Exception):
    def __init__(self, errors: dict[str, list[str]], status: int = 400):
        super().__init__(sorted(errors))
        self.errors = errors
        self.status = status


def error_response(errors: dict[str, list[str]], status: int = 400) -> JsonResponse:
    return JsonResponse({"errors": errors}, status=status)


def json_body(request) -> dict[str, Any]:
    """The request body as a JSON object, or BadRequest: the one parser of every JSON endpoint."""
    if len(request.body) > MAX_BODY_BYTES:
        raise BadRequest({"__all__": [_("The request body is too large.")]}, status=413)
    try:
        body = json.loads(request.body or b"")
    except RecursionError:  # [[[[…]]]] a few thousand deep: the parser gives up before we can look
        raise BadRequest({"__all__": [too_deep_message()]}) from None
    except (UnicodeDecodeError, ValueError):
        raise BadRequest({"__all__": [_("The request body is not valid JSON.")]}) from None
    if not isinstance(body, dict):
        raise BadRequest({"__all__": [_("The request body must be a JSON object.")]})
    errors = unsafe_values(body)
    if errors:
        raise BadRequest(errors)
    return body


def too_deep_message() -> str:
    return _("The data is nested too deeply (at most %(depth)d levels).") % {"depth": MAX_DEPTH}


def nul_message() -> str:
    return _("Remove the NUL character from this value.")


def unsafe_values(body: dict[str, Any]) -> dict[str, list[str]]:
    """Nesting deeper than MAX_DEPTH, or a NUL character in any key or text, keyed by the field's path.

    Walked with a stack, not recursion. Deep nesting would otherwise fail later, in the
    validators, the fingerprint or the JSON column; PostgreSQL refuses NUL in text and jsonb
    (SQLite stores it), so it must be refused here on both databases alike.
    """
    errors: dict[str, list[str]] = {}
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
