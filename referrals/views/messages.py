"""Posting a message on a referral: the referrer on its page, a self-referral's patient on the tracking page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from config.ratelimit import ratelimit
from referrals import thread
from referrals.models import MessageAuthor
from referrals.views.referrals import find_by_token, not_found, render_track
from referrals.views.workspace import get_workspace_referral, is_its_referrer, render_detail

# Per client IP, on top of thread.MESSAGES_PER_HOUR per referral and side.
IP_LIMIT, IP_WINDOW = 30, 3600


@never_cache
@login_required
@require_POST
@ratelimit("message", limit=IP_LIMIT, window=IP_WINDOW)
def referrer_message(request, pk: int):
    referral = get_workspace_referral(request, pk)
    body = request.POST.get("body", "")
    if not is_its_referrer(request.user, referral):
        message = _("Only the referrer who sent this referral writes to the clinic.")
        return render_detail(request, referral, message_error=message, status=403)
    try:
        thread.post_message(referral=referral, body=body, role=MessageAuthor.REFERRER, author=request.user)
    except thread.MessageRefused as exc:
        return render_detail(
            request, referral, message_error=exc.message, draft=body.replace("\x00", ""), status=exc.status
        )
    return redirect(reverse("referrals:detail", args=[referral.pk]) + "#messages")


@never_cache
@require_POST
@ratelimit("message", limit=IP_LIMIT, window=IP_WINDOW)
def patient_message(request, token: str):
    referral = find_by_token(token)
    if referral is None:
        return not_found(request)
    body = request.POST.get("body", "")
    try:
        thread.post_message(referral=referral, body=body, role=MessageAuthor.PATIENT)
    except thread.MessageRefused as exc:
        return render_track(
            request, referral, token, message_error=exc.message, draft=body.replace("\x00", ""), status=exc.status
        )
    return redirect(reverse("referrals:track", kwargs={"token": token}) + "#messages")
