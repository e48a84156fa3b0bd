"""Cities, lookup tables and memberships: site staff only (clinic staff pick from checkboxes)."""

from django.contrib import admin

from directory.models import City, ClinicMembership, Condition, Language, PaymentOption, Treatment
from directory.tenancy import SiteStaffOnlyAdminMixin

from .listings import ListingAdminMixin


@admin.register(City)
class CityAdmin(ListingAdminMixin, SiteStaffOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "state", "slug", "timezone"]
    list_filter = ["state"]
    search_fields = ["name", "state", "slug"]
    prepopulated_fields = {"slug": ["name", "state"]}


@admin.register(Treatment, Condition, PaymentOption)
class LookupAdmin(ListingAdminMixin, SiteStaffOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Language)
class LanguageAdmin(ListingAdminMixin, SiteStaffOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "native_name", "code"]
    search_fields = ["name", "native_name", "code"]


@admin.register(ClinicMembership)
class ClinicMembershipAdmin(SiteStaffOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["user", "clinic", "created_at"]
    list_select_related = ["user", "clinic"]
    search_fields = ["user__username", "user__email", "clinic__name"]
    autocomplete_fields = ["user", "clinic"]
