"""The referral admin's messages and coverage packet: for the parties only, never for site staff.

The thread is read-only here (rows are added by referrals.thread.post_message, through the
"Write to the referrer or patient" form under the change form); the packet is shown as the referrer
saved it, with its PHQ-9 score and band.
"""

from __future__ import annotations

from django.contrib import messages as admin_messages
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext

from referrals import access, thread
from referrals.coverage import phq9
from referrals.coverage.packet import summarise
from referrals.models import CoveragePacket, MessageAuthor, ReferralMessage


def messages_display(referral) -> str:
    """The thread, oldest first: who (role and username), when, what. Shown to the parties only."""
    rows = [
        (
            message.get_author_role_display(),
            message.author_username,
            localtime(message.at).strftime("%Y-%m-%d %H:%M"),
            message.body or gettext("(erased)"),
        )
        for message in ReferralMessage.objects.filter(referral=referral)
    ]
    if not rows:
        return gettext("No messages yet.")
    return format_html(
        '<ol class="message-thread" id="messages">{}</ol>',
        format_html_join("", "<li><strong>{} {}</strong>, {}:<br>{}</li>", rows),
    )


def may_write_as_clinic(user, referral) -> bool:
    return referral.anonymised_at is None and access.is_clinic_staff_of(user, referral.clinic_id)


def post_clinic_message(model_admin, request, object_id):
    """POST only (admin_view adds the CSRF check): the receiving clinic's staff write to the other party."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    referral = model_admin._referral_or_404(request, object_id)
    if not access.is_clinic_staff_of(request.user, referral.clinic_id):
        return _refused(model_admin, request, referral, gettext("Only the receiving clinic's staff write here."), 403)
    try:
        thread.post_message(
            referral=referral, body=request.POST.get("body", ""), role=MessageAuthor.CLINIC, author=request.user
        )
    except thread.MessageRefused as exc:
        return _refused(model_admin, request, referral, exc.message, exc.status)
    admin_messages.success(request, gettext("Message sent; the other party is emailed a link to read it."))
    return HttpResponseRedirect(reverse("admin:referrals_referral_change", args=[referral.pk]) + "#messages")


def _refused(model_admin, request, referral, message: str, status: int):
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "original": referral,
        "title": gettext("The message was not sent"),
        "message": message,
    }
    return TemplateResponse(request, "admin/referrals/referral/message_refused.html", context, status=status)


def packet_display(referral) -> str:
    packet = CoveragePacket.objects.filter(referral=referral).first()
    if packet is None:
        return gettext("None")
    summary = summarise(packet)
    answered = enumerate(zip(phq9.ITEMS, packet.phq9_items, strict=True), start=1)
    items = format_html_join("", "<li>{}. {}: {}</li>", ((n, text, value) for n, (text, value) in answered))
    trials = format_html_join(
        "", "<li>{}, {} mg/day, {} weeks: {}</li>", ((t.drug, t.dose_mg, t.weeks, t.outcome) for t in summary.trials)
    )
    return format_html(
        "<p><strong>{}</strong> · PHQ-9 {} of 27 ({}) · {} {}</p><ol>{}</ol><p>{}</p><ul>{}</ul><p>{}</p>",
        packet.get_diagnosis_display(),
        summary.score.total,
        summary.score.band_label,
        gettext("Now taking:"),
        f"{summary.current} {packet.current_dose}".strip() or gettext("None"),
        items,
        gettext("Antidepressants tried (%(count)d without an adequate response):")
        % {"count": summary.inadequate_trials},
        trials or format_html("<li>{}</li>", gettext("None listed")),
        gettext("Filled in by the referrer on %(date)s.") % {"date": packet.filled_at.date().isoformat()},
    )
