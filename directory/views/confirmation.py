"""The reminder email's "Still correct" page: GET shows the listing, POST confirms it (never on GET)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from directory.availability import confirm_clinic, page_openings
from directory.models import Clinic
from directory.reminders import may_still_confirm, read_confirmation_token


@never_cache
@require_http_methods(["GET", "POST"])
def confirm_listing(request, token: str):
    found = read_confirmation_token(token)
    clinic = user = None
    if found is not None:
        clinic = Clinic.objects.filter(pk=found[0]).first()
        user = get_user_model().objects.filter(pk=found[1]).first()
    if clinic is None or user is None or not may_still_confirm(clinic=clinic, user=user):
        return render(request, "directory/confirm_listing.html", {"invalid": True}, status=404)
    now = timezone.now()
    confirmed = False
    if request.method == "POST":
        confirm_clinic(clinic, by=user, now=now)
        confirmed = True
    context = {"clinic": clinic, "openings": page_openings([clinic.pk], now=now)[clinic.pk], "confirmed": confirmed}
    return render(request, "directory/confirm_listing.html", context)
