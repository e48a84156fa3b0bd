"""The referral admin's extra pages: "Mark as viewed" and a message (clinic staff), a privacy officer's disclosure.

Both are mounted by ReferralActionsMixin.get_urls under /admin/referrals/referral/<id>/
and wrapped by admin_view (staff login, CSRF check on POST, never cached).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext

from referrals import access
from referrals.disclosure import DisclosureForm, disclose
from referrals.models import Referral
from referrals.services import mark_viewed

PATIENT_FIELDS = ("patient_first_name", "patient_last_name", "patient_email", "patient_phone", "preferred_contact")


class ReferralActionsMixin:
    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/disclose/",
                self.admin_site.admin_view(self.disclose_view),
                name="{}_{}_disclose".format(*info),
            ),
            path(
                "<path:object_id>/message/",
                self.admin_site.admin_view(self.message_view),
                name="{}_{}_message".format(*info),
            ),
            path(
                "<path:object_id>/viewed/",
                self.admin_site.admin_view(self.mark_viewed_view),
                name="{}_{}_viewed".format(*info),
            ),
            *super().get_urls(),
        ]

    def _referral_or_404(self, request, object_id) -> Referral:
        referral = self.get_object(request, unquote(object_id))
        if referral is None or not self.has_view_or_change_permission(request, referral):
            raise Http404("No such referral.")
        return referral

    def message_view(self, request, object_id):
        from referrals.admin_thread import post_clinic_message

        return post_clinic_message(self, request, object_id)

    def mark_viewed_view(self, request, object_id):
        """POST only (admin_view adds the CSRF check): the receiving clinic says it has read the referral."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        referral = self._referral_or_404(request, object_id)
        if not access.is_clinic_staff_of(request.user, referral.clinic_id):
            raise PermissionDenied
        if mark_viewed(referral=referral, by=request.user):
            messages.success(request, gettext("%(referral)s is now marked as viewed by you.") % {"referral": referral})
        return HttpResponseRedirect(reverse("admin:referrals_referral_change", args=[referral.pk]))

    def disclose_view(self, request, object_id):
        """A privacy officer gives a reason, then sees this one referral's patient details, once."""
        referral = self._referral_or_404(request, object_id)
        if not access.is_privacy_officer(request.user):
            raise PermissionDenied
        form = DisclosureForm(request.POST or None)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": referral,
            "title": gettext("Open the patient's details of %(referral)s") % {"referral": referral},
            "form": form,
        }
        status = 200
        if request.method == "POST":
            if form.is_valid():
                disclose(referral=referral, user=request.user, reason=form.cleaned_data["reason"])
                context["details"] = self._patient_details(referral)
            else:
                status = 400
        return TemplateResponse(request, "admin/referrals/referral/disclose.html", context, status=status)

    def _patient_details(self, referral) -> list[tuple[str, object]]:
        label = lambda name: Referral._meta.get_field(name).verbose_name  # noqa: E731
        rows = [(label(name), getattr(referral, name)) for name in PATIENT_FIELDS]
        return [
            *rows,
            (gettext("Note"), referral.note),
            (gettext("Reasons and flags"), self.findings_display(referral)),
            (gettext("Answers"), self.answers_display(referral)),
        ]
