"""The clinic admin: clinic staff edit their own listing; site staff moderate every listing."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from directory.availability import drop_unoffered
from directory.models import Clinic, OpeningHours, ProblemReport, TreatmentAvailability
from directory.models.history import pause_history, record_listing_change
from directory.tenancy import ClinicScopedAdminMixin, is_site_staff
from directory.trust import edits_needing_review

from . import filters
from .actions import MODERATION_ACTIONS
from .availability import TreatmentAvailabilityInline, confirm_still_correct, confirm_view, save_availability_formset
from .forms import CLINIC_FIELDSETS, ClinicAdminForm
from .history_diff import annotate_history
from .import_view import import_clinics_view
from .inlines import ClinicMembershipInline, OpeningHoursInline
from .listings import ListingAdminMixin

# What only site staff decide: the listing's identity, its place in the directory, and the checks.
SITE_STAFF_FIELDS = ["slug", "city", "verified", "verified_at", "published", "rems_certified"]
ALWAYS_READONLY = ["timezone", "details_confirmed_at", "created_at", "updated_at"]


@admin.register(Clinic)
class ClinicAdmin(ListingAdminMixin, ClinicScopedAdminMixin, SimpleHistoryAdmin):
    clinic_lookup = ""
    form = ClinicAdminForm
    fieldsets = [
        *((title, {"fields": names}) for title, names in CLINIC_FIELDSETS),
        ("Record", {"fields": ["details_confirmed_at", "created_at", "updated_at"], "classes": ["collapse"]}),
    ]
    list_display = [
        "name",
        "city",
        "zip_code",
        "published",
        "verified",
        "verified_at",
        "changed_since_verified",
        "has_open_reports",
        "updated_at",
    ]
    list_select_related = ["city"]
    search_fields = ["name", "city__name", "zip_code"]
    autocomplete_fields = ["city"]
    actions = [confirm_still_correct, *MODERATION_ACTIONS]
    list_per_page = 50
    history_list_display = ["history_change_reason"]
    object_history_template = "admin/directory/clinic/object_history.html"
    change_list_template = "admin/directory/clinic/change_list.html"
    change_form_template = "admin/directory/clinic/change_form.html"

    def get_queryset(self, request):
        open_reports = ProblemReport.objects.open().filter(clinic=OuterRef("pk"))
        return super().get_queryset(request).select_related("city").annotate(has_open_reports=Exists(open_reports))

    # Who sees what ---------------------------------------------------------

    def has_add_permission(self, request):
        return is_site_staff(request.user) and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return is_site_staff(request.user) and super().has_delete_permission(request, obj)

    def has_moderate_permission(self, request):
        return is_site_staff(request.user) and self.has_change_permission(request)

    def get_readonly_fields(self, request, obj=None):
        if is_site_staff(request.user):
            return ALWAYS_READONLY
        return ALWAYS_READONLY + SITE_STAFF_FIELDS

    def get_prepopulated_fields(self, request, obj=None):
        return {"slug": ["name"]} if is_site_staff(request.user) else {}

    def get_list_filter(self, request):
        if not is_site_staff(request.user):
            return []
        return [
            filters.StateFilter,
            filters.CityFilter,
            "verified",
            "published",
            filters.ChangedSinceVerificationFilter,
            filters.OpenReportsFilter,
        ]

    def get_inlines(self, request, obj):
        inlines = [OpeningHoursInline, TreatmentAvailabilityInline]
        return [*inlines, ClinicMembershipInline] if is_site_staff(request.user) else inlines

    # Columns ---------------------------------------------------------------

    @admin.display(boolean=True, description="changed since verified")
    def changed_since_verified(self, obj: Clinic) -> bool | None:
        if not obj.verified_at:
            return None
        return timezone.localdate(obj.updated_at) > obj.verified_at

    @admin.display(boolean=True, description="open reports", ordering="has_open_reports")
    def has_open_reports(self, obj: Clinic) -> bool:
        return obj.has_open_reports

    # Saving: one history record per save, after the many-to-many fields and inlines ----

    def save_model(self, request, obj, form, change):
        pause_history(obj)
        if change and not is_site_staff(request.user):
            # A clinic's own save confirms its details; an edit of what verification vouches for clears it.
            obj.details_confirmed_at = timezone.now()
            needing_review = edits_needing_review(form.changed_data)
            if needing_review and obj.verified:
                obj.verified = False
                fields = ", ".join(str(Clinic._meta.get_field(name).verbose_name) for name in needing_review)
                obj._change_reason = f"Verification cleared until site staff review: clinic staff changed {fields}"
                self.message_user(
                    request,
                    _("The listing shows as not yet verified until our staff review your change."),
                    messages.WARNING,
                )
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is TreatmentAvailability:
            save_availability_formset(request, formset)
        else:
            super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if drop_unoffered(form.instance):
            self.message_user(
                request,
                _("Availability of treatments the clinic does not offer was removed: tick the treatment first."),
                messages.WARNING,
            )
        record_listing_change(form.instance, created=not change, reason=getattr(form.instance, "_change_reason", None))

    # History: clinic staff read their listing's history; only site staff revert --------

    def revert_disabled(self, request, obj=None):
        return not is_site_staff(request.user) or super().revert_disabled(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST" and not is_site_staff(request.user):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        # Readable before/after per field, lookups by name (directory.admin.history_diff).
        annotate_history(historical_records)

    def history_view(self, request, object_id, extra_context=None):
        # Lazy: evaluated by the template only after the permission checks have passed.
        hours_history = OpeningHours.history.none()
        if str(object_id).isdigit():
            hours_history = OpeningHours.history.filter(clinic_id=object_id).select_related("history_user")[:50]
        context = {"hours_history": hours_history, **(extra_context or {})}
        return super().history_view(request, object_id, context)

    # Import ----------------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        confirm = self.admin_site.admin_view(self.confirm_view)
        return [
            path("import/", view, name="directory_clinic_import"),
            path("<path:object_id>/confirm/", confirm, name="directory_clinic_confirm"),
            *super().get_urls(),
        ]

    def confirm_view(self, request, object_id):
        return confirm_view(self, request, object_id)

    def import_view(self, request):
        if not (self.has_moderate_permission(request) and self.has_add_permission(request)):
            raise PermissionDenied
        return import_clinics_view(self, request)

    def changelist_view(self, request, extra_context=None):
        context = {"can_import": self.has_moderate_permission(request) and self.has_add_permission(request)}
        return super().changelist_view(request, {**context, **(extra_context or {})})
