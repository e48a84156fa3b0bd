"""'Lost your link?': ask for a fresh tracking link by email. The same answer whatever the address."""

from __future__ import annotations

import time

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from config.ratelimit import ratelimit
from referrals import lost_link


class LostLinkForm(forms.Form):
    email = forms.EmailField(
        label=_("The email address given when the referral was sent"),
        max_length=254,
        error_messages={"required": _("Enter your email address."), "invalid": _("Enter a valid email address.")},
    )


@never_cache
@require_http_methods(["GET", "POST"])
@ratelimit("lost_link")
def lost_link_view(request):
    status = 200
    if request.method == "POST":
        form = LostLinkForm(request.POST)
        if form.is_valid():
            started = time.monotonic()
            lost_link.request_fresh_links(form.cleaned_data["email"])
            lost_link.wait_out(started)
            return render(request, "referrals/lost_link_done.html")
        status = 400
    else:
        form = LostLinkForm()
    return render(request, "referrals/lost_link.html", {"form": form}, status=status)
