"""Content-Security-Policy and Permissions-Policy headers on every response.

Django 5.2 has no built-in CSP (it arrives in 6.0) and the policy here is one static
header, so a 30-line middleware is simpler than a dependency. The policy lives in
settings.CONTENT_SECURITY_POLICY ({directive: [sources]}) and settings.PERMISSIONS_POLICY
({feature: [allowlist]}). The other security headers come from Django itself:
X-Content-Type-Options, Referrer-Policy and Cross-Origin-Opener-Policy from
SecurityMiddleware, X-Frame-Options from XFrameOptionsMiddleware.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def build_policy(directives: dict[str, list[str]]) -> str:
    return "; ".join(f"{name} {' '.join(sources)}".strip() for name, sources in directives.items())


def build_permissions_policy(features: dict[str, list[str]]) -> str:
    return ", ".join(f"{feature}=({' '.join(allow)})" for feature, allow in features.items())


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.csp = build_policy(getattr(settings, "CONTENT_SECURITY_POLICY", {}))
        self.permissions = build_permissions_policy(getattr(settings, "PERMISSIONS_POLICY", {}))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # Django's debug error pages carry inline styles and scripts; a strict policy would
        # leave a developer with an unreadable traceback. Never applies with DEBUG off.
        debug_page = settings.DEBUG and response.status_code in (404, 500)
        if self.csp and not debug_page:
            response.headers.setdefault("Content-Security-Policy", self.csp)
        if self.permissions:
            response.headers.setdefault("Permissions-Policy", self.permissions)
        return response
