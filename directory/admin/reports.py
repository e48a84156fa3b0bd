"""The moderation queue of problem reports.

Site staff work the queue. A clinic's staff may read the reports about their own
clinic (so they can fix their listing) but not change or delete them, and never
see the reporter's email address.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils import timezone

from directory.models import ProblemReport
from directory.tenancy import ClinicScopedAdminMixin, is_site_staff


@admin.register(ProblemReport)
class ProblemReportAdmin(ClinicScopedAdminMixin, admin.ModelAdmin):
    list_display = ["clinic", "kind", "status", "created_at", "resolved_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["clinic", "clinic__city"]
    search_fields = ["clinic__name", "details"]
    autocomplete_fields = ["clinic"]
    date_hierarchy = "created_at"
    actions = ["resolve", "reopen"]

    def get_fields(self, request, obj=None):
        fields = ["clinic", "kind", "details", "status", "created_at", "resolved_by", "resolved_at"]
        if is_site_staff(request.user):
            fields.insert(3, "reporter_email")
        return fields

    def lookup_allowed(self, lookup, value, request=None):
        # A filter in the URL (?reporter_email__startswith=a) would reveal the hidden address.
        if lookup.startswith("reporter_email") and not (request and is_site_staff(request.user)):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["created_at", "resolved_by", "resolved_at"]
        return ["clinic", "created_at", "resolved_by", "resolved_at"]

    def has_add_permission(self, request):
        return is_site_staff(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return is_site_staff(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return is_site_staff(request.user) and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data:
            resolved = obj.status == ProblemReport.Status.RESOLVED
            obj.resolved_by = request.user if resolved else None
            obj.resolved_at = timezone.now() if resolved else None
        super().save_model(request, obj, form, change)

    @admin.action(description="Mark selected reports resolved", permissions=["change"])
    def resolve(self, request, queryset):
        count = queryset.open().update(
            status=ProblemReport.Status.RESOLVED, resolved_by=request.user, resolved_at=timezone.now()
        )
        self.message_user(request, f"{count} report(s) resolved.", messages.SUCCESS)

    @admin.action(description="Reopen selected reports", permissions=["change"])
    def reopen(self, request, queryset):
        count = queryset.exclude(status=ProblemReport.Status.OPEN).update(
            status=ProblemReport.Status.OPEN, resolved_by=None, resolved_at=None
        )
        self.message_user(request, f"{count} report(s) reopened.", messages.SUCCESS)
