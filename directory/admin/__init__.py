"""Admin for the clinic directory: listings, their hours and staff, lookups, problem reports.

Tenant scoping lives in directory.tenancy; every admin class here uses one of its mixins.
"""

from django.contrib import admin

from . import clinics, lookups, reports  # noqa: F401  (registers the admin classes)

admin.site.site_header = "Ketamine Clinic Finder admin"
admin.site.site_title = "Ketamine Clinic Finder admin"
admin.site.index_title = "Listings, referrals and moderation"
