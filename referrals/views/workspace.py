"""The referrer's pages: the list of referrals they sent and one referral in full."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from referrals import access, reroute, thread, workspace
from referrals.coverage.packet import esketamine_allowed, may_fill
from referrals.models import CoveragePacket, MessageAuthor, Referral
from referrals.workflow import PATIENT_WORDING, Status

PAGE_SIZE = 25


class ListFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Any status")), *Status.choices])


@never_cache
@login_required
@require_GET
def referral_list(request):
    form = ListFilterForm(request.GET or None)
    status_code = 200
    status = ""
    if form.is_bound:
        if form.is_valid():
            status = form.cleaned_data["status"]
        else:
            status_code = 400
    page = Paginator(workspace.referrals_of(request.user, status=status), PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [{"referral": r, "waiting_days": workspace.days_waiting_on_clinic(r, now=now)} for r in page]
    return render(
        request,
        "referrals/referral_list.html",
        {"form": form, "rows": rows, "page": page, "status": status, "is_referrer": access.is_referrer(request.user)},
        status=status_code,
    )


def get_workspace_referral(request, pk: int) -> Referral:
    """The referral, if the person asking may open its page; 404 otherwise (its existence is not revealed)."""
    referral = Referral.objects.select_related("clinic", "clinic__city").filter(pk=pk).first()
    if referral is None or not access.can_open_workspace(request.user, referral):
        raise Http404
    return referral


def is_its_referrer(user, referral: Referral) -> bool:
    """Superusers may read a referrer's page; only the referrer who sent it writes on it."""
    return referral.referrer_id is not None and referral.referrer_id == user.pk


def render_detail(
    request, referral: Referral, *, error: str = "", status: int = 200, message_error: str = "", draft: str = ""
):
    can_reroute = reroute.can_reroute(referral)
    messages = thread.page_context(
        referral,
        viewer_role=MessageAuthor.REFERRER,
        post_url=reverse("referrals:messages", args=[referral.pk]),
        may_write=is_its_referrer(request.user, referral),
        error=message_error,
        draft=draft,
    )
    response = render(
        request,
        "referrals/referral_detail.html",
        {
            "referral": referral,
            "status_label": Status(referral.status).label,
            "status_wording": PATIENT_WORDING[referral.status],
            "waiting_days": workspace.days_waiting_on_clinic(referral),
            "history": workspace.history(referral),
            "findings": workspace.findings_rows(referral),
            "answers": workspace.answer_rows(referral.answers),
            "offer_alternatives": can_reroute,
            "can_reroute": can_reroute,
            "alternatives": reroute.offers(referral, on_behalf=True) if can_reroute else [],
            "reroute_url": reverse("referrals:reroute", args=[referral.pk]),
            "on_behalf": True,
            "chain": reroute.chain(referral),
            "error": error,
            "esketamine_allowed": esketamine_allowed(referral),
            "may_fill_packet": may_fill(referral) and is_its_referrer(request.user, referral),
            "packet": CoveragePacket.objects.filter(referral=referral).first(),
            **messages,
        },
        status=status,
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@login_required
@require_GET
def referral_detail(request, pk: int):
    return render_detail(request, get_workspace_referral(request, pk))
