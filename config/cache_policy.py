"""Every response says how it may be cached, and nothing personal is ever cached publicly.

Views that may be cached say so themselves (the public GET API: directory/api/headers.py;
referral, tracking and admin pages: never_cache). For the rest:

- an API or FHIR answer, or any answer to a request that carries a session or an
  Authorization header (a logged-in user, a referrer's token): `private, no-store`;
- any other page (anonymous): `private, no-cache`, kept by the browser only and checked
  again before reuse, because pages carry a CSRF token and the visitor's messages.

And whatever a view said, `public` never survives a response that sets a cookie or a
request that carries credentials: it becomes `private`.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.utils.cache import patch_cache_control

PERSONAL_PATHS = re.compile(r"^/(api|fhir)/")


def carries_credentials(request) -> bool:
    """A session (a logged-in user, perhaps) or an Authorization header rides on this request."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES or "authorization" in request.headers


def _public(response) -> bool:
    return "public" in (part.strip() for part in response.get("Cache-Control", "").lower().split(","))


class CachePolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            if _public(response) and (response.cookies or carries_credentials(request)):
                directives = [d.strip() for d in response["Cache-Control"].split(",")]
                response["Cache-Control"] = ", ".join("private" if d.lower() == "public" else d for d in directives)
            return response
        if PERSONAL_PATHS.match(request.path_info) or carries_credentials(request):
            patch_cache_control(response, private=True, no_store=True)
        else:
            patch_cache_control(response, private=True, no_cache=True)
        return response
