"""The esketamine coverage packet: the referrer fills it in on the referral's page and prints it for the payer."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from referrals.coverage import phq9
from referrals.coverage.forms import PacketForm, initial_from, packet_answers, trial_formset
from referrals.coverage.packet import TRD_TRIALS, may_fill, save_packet, summarise
from referrals.models import CoveragePacket
from referrals.views.workspace import get_workspace_referral, is_its_referrer


def _problem(request, message: str, status: int):
    return render(request, "referrals/problem.html", {"message": message}, status=status)


def _noindex(response):
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def packet_edit(request, pk: int):
    referral = get_workspace_referral(request, pk)
    if not may_fill(referral):
        return _problem(
            request, _("The coverage packet is only for referrals whose pre-screen leaves esketamine open."), 422
        )
    packet = CoveragePacket.objects.filter(referral=referral).first()
    status = 200
    if request.method == "POST" and not is_its_referrer(request.user, referral):
        return _problem(request, _("Only the referrer who sent this referral fills in its packet."), 403)
    if request.method == "POST":
        form, formset = PacketForm(request.POST), trial_formset(request.POST)
        if form.is_valid() and formset.is_valid():
            save_packet(referral=referral, answers=packet_answers(form, formset), by=request.user)
            return redirect(reverse("referrals:packet", args=[referral.pk]))
        status = 400
    else:
        form = PacketForm(initial=initial_from(packet))
        formset = trial_formset(trials=packet.trials if packet else ())
    context = {"referral": referral, "form": form, "formset": formset, "packet": packet}
    return _noindex(render(request, "referrals/packet_form.html", context, status=status))


@never_cache
@login_required
@require_GET
def packet_view(request, pk: int):
    referral = get_workspace_referral(request, pk)
    packet = CoveragePacket.objects.filter(referral=referral).first()
    if packet is None or referral.anonymised_at is not None:
        return _problem(request, _("This referral has no coverage packet yet."), 404)
    summary = summarise(packet)
    items = list(zip(phq9.ITEMS, packet.phq9_items, strict=True))
    context = {
        "referral": referral,
        "packet": packet,
        "summary": summary,
        "items": items,
        "trd_trials": TRD_TRIALS,
        "phq9_source": phq9.SOURCE,
    }
    return _noindex(render(request, "referrals/packet.html", context))
