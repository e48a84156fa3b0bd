"""The referral admin's audit pieces: the status history and access-log inlines, and the access log's admin.

The history is append-only (referrals.services writes it); the access log is written by
referrals.audit.record_view and read by site staff. Nothing here can be edited.
"""

from __future__ import annotations

from django.contrib import admin

from directory.tenancy import is_site_staff
from referrals.models import ReferralAccessLog, ReferralStatusChange


class ReadOnlyInline(admin.TabularInline):
    """Rows that are only ever added by the services: nobody adds, changes or deletes them here."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StatusHistoryInline(ReadOnlyInline):
    model = ReferralStatusChange
    fields = ("at", "from_status", "to_status", "by", "note")
    readonly_fields = fields
    verbose_name_plural = "status history (append-only)"

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("referrals.view_referral")


class StatusHistoryRowInline(StatusHistoryInline):
    """The history as site staff see it: no notes (clinic staff may write about the patient there)."""

    fields = ("at", "from_status", "to_status", "by")
    readonly_fields = fields


class AccessLogInline(ReadOnlyInline):
    """Who opened this referral: for site staff only (audits), never editable."""

    model = ReferralAccessLog
    fields = ("at", "username", "via", "reason")
    readonly_fields = fields
    verbose_name_plural = "opened by (access log)"

    def has_view_permission(self, request, obj=None):
        return is_site_staff(request.user)


@admin.register(ReferralAccessLog)
class ReferralAccessLogAdmin(admin.ModelAdmin):
    """Read-only for site staff; rows are written by referrals.audit.record_view."""

    list_display = ("at", "username", "referral", "via")
    list_filter = ("via",)
    search_fields = ("username", "=referral__id")
    list_select_related = ("referral",)
    date_hierarchy = "at"
    fields = ("referral", "user", "username", "at", "via", "reason")
    readonly_fields = fields

    def has_module_permission(self, request):
        return is_site_staff(request.user)

    def has_view_permission(self, request, obj=None):
        return is_site_staff(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
