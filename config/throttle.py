"""Login throttling: an IP + username pair is locked after repeated failures.

settings.RATELIMITS["login"] = (failures, window_seconds), by default 5 failures in 15
minutes. Enforcement sits in the authentication backend, so every authenticate() call
that carries a request is covered; the login forms only check first so a locked user
reads a clear message instead of the generic "wrong password" one. A locked attempt is
refused even with the right password and is not counted, so the lock ends with the
window. A successful login clears the pair's failures. While the shared cache (Redis) is
away the failures are counted in each process's memory: logins go on working, and a
guesser is still locked out (fail closed), at worst after `failures` tries per worker.
"""

from __future__ import annotations

import math

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import ngettext

from config import ratelimit

SCOPE = "login"


def _key(request: HttpRequest, username: str) -> str:
    return ratelimit.client_key(request, scope=SCOPE, extra=username.strip().casefold())


def locked_for(*, request: HttpRequest | None, username: str | None) -> int:
    """Seconds left on the lock for this IP + username, or 0 when not locked."""
    if request is None or not username:
        return 0
    limit, window = ratelimit.scope_limits(SCOPE)
    if ratelimit.count(key=_key(request, username), window_seconds=window, fail_closed=True) >= limit:
        return ratelimit.seconds_left(window_seconds=window)
    return 0


def record_failure(*, request: HttpRequest, username: str) -> None:
    limit, window = ratelimit.scope_limits(SCOPE)
    ratelimit.hit(key=_key(request, username), limit=limit, window_seconds=window, fail_closed=True)


def clear_failures(*, request: HttpRequest, username: str) -> None:
    _, window = ratelimit.scope_limits(SCOPE)
    ratelimit.reset(key=_key(request, username), window_seconds=window)


class ThrottledModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if request is None or username is None:
            return super().authenticate(request, username=username, password=password, **kwargs)
        if locked_for(request=request, username=username):
            # PermissionDenied stops authenticate() from trying any other backend.
            raise PermissionDenied("login locked")
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            record_failure(request=request, username=username)
        else:
            clear_failures(request=request, username=username)
        return user


def locked_message(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return ngettext(
        "Too many failed login attempts. For your security this login is locked; try again in %(minutes)d minute.",
        "Too many failed login attempts. For your security this login is locked; try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


class ThrottledLoginMixin:
    def clean(self):
        seconds = locked_for(request=self.request, username=self.data.get("username"))
        if seconds:
            raise forms.ValidationError(locked_message(seconds), code="locked")
        return super().clean()


class ThrottledAuthenticationForm(ThrottledLoginMixin, AuthenticationForm):
    """For /accounts/login/."""


class ThrottledAdminAuthenticationForm(ThrottledLoginMixin, AdminAuthenticationForm):
    """For /admin/login/."""
