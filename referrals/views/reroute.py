"""One-click re-routing from the referrer's referral page and the patient's tracking page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from config.ratelimit import ratelimit
from referrals import reroute
from referrals.services import ReferralRefused
from referrals.views.referrals import find_by_token, not_found, render_track
from referrals.views.workspace import get_workspace_referral, render_detail


def _status_for(exc: ReferralRefused) -> int:
    return 400 if exc.field == "consent" else 422


@never_cache
@login_required
@require_POST
@ratelimit("referral")
def referrer_reroute(request, pk: int):
    referral = get_workspace_referral(request, pk)
    try:
        new, _token = reroute.reroute(
            referral=referral,
            clinic_slug=request.POST.get("clinic", ""),
            consent=request.POST.get("consent") == "on",
        )
    except ReferralRefused as exc:
        return render_detail(request, referral, error=exc.message, status=_status_for(exc))
    return redirect(reverse("referrals:detail", args=[new.pk]))


@never_cache
@require_POST
@ratelimit("referral")
def patient_reroute(request, token: str):
    referral = find_by_token(token)
    if referral is None:
        return not_found(request)
    try:
        new, new_token = reroute.reroute(
            referral=referral,
            clinic_slug=request.POST.get("clinic", ""),
            consent=request.POST.get("consent") == "on",
        )
    except ReferralRefused as exc:
        return render_track(request, referral, token, error=exc.message, status=_status_for(exc))
    return redirect(reverse("referrals:track", kwargs={"token": new_token}))
