"""Rows shown on a clinic's admin page: its opening hours, and (site staff only) its staff."""

from django.contrib import admin

from directory.models import ClinicMembership, OpeningHours
from directory.tenancy import ClinicScopedInlineMixin, SiteStaffOnlyAdminMixin

from .forms import OpeningHoursForm


class OpeningHoursInline(ClinicScopedInlineMixin, admin.TabularInline):
    model = OpeningHours
    form = OpeningHoursForm
    extra = 0
    verbose_name = "opening interval"
    verbose_name_plural = "Opening hours (clinic's local time; add two rows for a lunch break)"


class ClinicMembershipInline(SiteStaffOnlyAdminMixin, admin.TabularInline):
    model = ClinicMembership
    extra = 0
    autocomplete_fields = ["user"]
    readonly_fields = ["created_at"]
    verbose_name = "staff member"
    verbose_name_plural = "Staff who may manage this listing"
