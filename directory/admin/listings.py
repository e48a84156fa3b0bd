"""Admin saves and deletes of listing data tell cached answers that the listings changed."""

from __future__ import annotations

from directory.listing_version import listings_changed


class ListingAdminMixin:
    """For admins of clinics, cities and lookups: after a save (with its lists and inlines) or a delete."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        listings_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        listings_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        listings_changed()
