"""Who counts as a signed-in user: the first check of every permission in the project."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


def is_active_user(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    """Logged in (or found by an API token) with an account that has not been deactivated.

    A deactivated account keeps its session until it expires; it must still see nothing.
    """
    return bool(user is not None and user.is_authenticated and user.is_active)
