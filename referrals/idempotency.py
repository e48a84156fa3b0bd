"""Idempotency-Key scoping: a key belongs to the caller who sent it, never to everyone.

A referrer's keys are theirs (the unique constraint pairs key and referrer). A logged-in
person referring themself has no referrer row, so their key is stored prefixed with a hash
of their account and the key: theirs alone, within the column's 100 characters. Anonymous
callers have nothing to tell them apart, so their keys share one namespace; a replay there
says only "replayed", never the referral's id or status, so a stranger who reuses a key
with the same body learns nothing the body did not already hold.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils.crypto import salted_hmac


def stored_key(*, key: str | None, user: AbstractBaseUser | AnonymousUser, referrer) -> str | None:
    """The key as stored on the referral, scoped to the caller."""
    if not key or referrer is not None or not user.is_authenticated:
        return key or None
    return "user:" + salted_hmac("referrals.idempotency", f"{user.pk}:{key}").hexdigest()


def replay_reveals_referral(*, user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether a replayed answer may name the referral: only to a caller the key is scoped to."""
    return user.is_authenticated
