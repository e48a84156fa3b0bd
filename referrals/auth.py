"""API authentication: `Authorization: Token <key>` for referrers, or the session (with CSRF).

Anonymous requests carry no session and need no CSRF token. A request that rides
on a logged-in session must pass Django's CSRF check, exactly as a form would.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.middleware.csrf import CsrfViewMiddleware
from django.utils import timezone
from django.utils.translation import gettext

from referrals.models import ReferrerApiToken, hash_secret


class AuthFailed(Exception):
    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class ApiCaller:
    user: object  # a User, or AnonymousUser
    by_token: bool


class _CsrfCheck(CsrfViewMiddleware):
    def _reject(self, request, reason):
        return reason


def _csrf_failure(request) -> str | None:
    check = _CsrfCheck(lambda req: None)
    check.process_request(request)
    return check.process_view(request, lambda req: None, (), {})


def api_caller(request) -> ApiCaller:
    """Who is calling. Raises AuthFailed (401 bad token, 403 CSRF)."""
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, key = header.partition(" ")
        if scheme.lower() != "token" or not key.strip():
            raise AuthFailed(gettext("Use 'Authorization: Token <key>'."), 401)
        token = (
            ReferrerApiToken.objects.select_related("user")
            .filter(key_hash=hash_secret(key.strip()), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if token is None:
            raise AuthFailed(gettext("Invalid or revoked API token."), 401)
        ReferrerApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return ApiCaller(token.user, by_token=True)
    if request.user.is_authenticated and request.method not in ("GET", "HEAD", "OPTIONS"):
        reason = _csrf_failure(request)
        if reason:
            message = gettext("CSRF check failed (%(reason)s). Send the X-CSRFToken header with session requests.")
            raise AuthFailed(message % {"reason": reason}, 403)
    return ApiCaller(request.user, by_token=False)
