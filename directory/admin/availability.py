"""Admin for new-patient availability: the per-treatment rows on a clinic's page and "still correct"."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.availability import confirm_clinic, confirmed_age_text, record_availability
from directory.models import TreatmentAvailability
from directory.tenancy import ClinicScopedInlineMixin


class TreatmentAvailabilityForm(forms.ModelForm):
    class Meta:
        model = TreatmentAvailability
        fields = ["treatment", "status", "next_opening", "waitlist_weeks"]
        widgets = {"next_opening": forms.DateInput(attrs={"type": "date"})}


class TreatmentAvailabilityInline(ClinicScopedInlineMixin, admin.TabularInline):
    model = TreatmentAvailability
    form = TreatmentAvailabilityForm
    extra = 0
    fields = ["treatment", "status", "next_opening", "waitlist_weeks", "confirmed"]
    readonly_fields = ["confirmed"]
    verbose_name = gettext_lazy("treatment availability")
    verbose_name_plural = gettext_lazy(
        "New-patient availability (one row per treatment you offer; shown as unknown after 14 days unconfirmed)"
    )

    @admin.display(description=gettext_lazy("confirmed"))
    def confirmed(self, obj: TreatmentAvailability) -> str:
        if not obj.pk:
            return "—"
        who = obj.confirmed_by.get_username() if obj.confirmed_by else _("unknown")
        return f"{confirmed_age_text(obj.confirmed_at, now=timezone.now())} ({who})"


def save_availability_formset(request, formset) -> None:
    """Changed or new rows are stamped as confirmed now by this user; removed rows are deleted."""
    now = timezone.now()
    rows = formset.save(commit=False)
    for row in formset.deleted_objects:
        row.delete()
    for row in rows:
        record_availability(row, by=request.user, now=now)
    formset.save_m2m()


@admin.action(description=gettext_lazy("Confirm availability and listing details are still correct"))
def confirm_still_correct(modeladmin, request, queryset):
    now = timezone.now()
    count = 0
    for clinic in queryset:  # the admin's queryset: a clinic's staff reach only their own clinics
        confirm_clinic(clinic, by=request.user, now=now)
        count += 1
    modeladmin.message_user(request, _("%(count)d listing(s) confirmed as still correct.") % {"count": count})


def confirm_view(modeladmin, request, object_id: str):
    """POST /admin/directory/clinic/<id>/confirm/: the change page's one-click "Still correct"."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    clinic = get_object_or_404(modeladmin.get_queryset(request), pk=object_id) if object_id.isdigit() else None
    if clinic is None:
        raise Http404
    if not modeladmin.has_change_permission(request, clinic):
        raise PermissionDenied
    count = confirm_clinic(clinic, by=request.user, now=timezone.now())
    modeladmin.message_user(
        request,
        _("Thank you: %(count)d availability value(s) and the listing details are confirmed as of now.")
        % {"count": count},
        messages.SUCCESS,
    )
    return HttpResponseRedirect(reverse("admin:directory_clinic_change", args=[clinic.pk]))


__all__ = ["TreatmentAvailabilityInline", "confirm_still_correct", "confirm_view", "save_availability_formset"]
