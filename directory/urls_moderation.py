"""Report a problem with a listing, and the HSDS export of published listings."""

from django.urls import path

from directory.views import moderation

app_name = "moderation"
urlpatterns = [
    path("clinics/<slug:slug>/report/", moderation.report_problem, name="report_problem"),
    path("api/export/hsds/", moderation.hsds_export, name="hsds_export"),
]
