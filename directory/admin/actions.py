"""Moderation actions on the clinic changelist: verify, publish, unpublish, export."""

from __future__ import annotations

import json

from django.contrib import admin, messages
from django.db import transaction
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

from directory.exporting import clinics_geojson, hsds_json_chunks, write_clinics_csv
from directory.listing_version import listings_changed
from directory.models import Clinic
from directory.models.history import record_listing_change


def _moderate(request, queryset, *, fields: dict, reason: str) -> int:
    clinics = list(queryset)
    with transaction.atomic():
        # One UPDATE for all, then one full history record per clinic, with who did it and why. A full
        # record (with the treatments and other lists) keeps the history's before/after honest: a record
        # without them read as if every list had been emptied.
        Clinic.objects.filter(pk__in=[clinic.pk for clinic in clinics]).update(**fields)
        for clinic in clinics:
            for name, value in fields.items():
                setattr(clinic, name, value)
            clinic._history_user = request.user
            record_listing_change(clinic, created=False, reason=reason)
        listings_changed()
    return len(clinics)


@admin.action(description="Verify selected clinics (stamps today's date)", permissions=["moderate"])
def verify_clinics(modeladmin, request, queryset):
    fields = {"verified": True, "verified_at": timezone.localdate()}
    count = _moderate(request, queryset, fields=fields, reason="Verified")
    modeladmin.message_user(request, f"{count} clinic(s) verified.", messages.SUCCESS)


@admin.action(description="Publish selected clinics", permissions=["moderate"])
def publish_clinics(modeladmin, request, queryset):
    count = _moderate(request, queryset, fields={"published": True}, reason="Published")
    modeladmin.message_user(request, f"{count} clinic(s) published.", messages.SUCCESS)


@admin.action(description="Unpublish selected clinics", permissions=["moderate"])
def unpublish_clinics(modeladmin, request, queryset):
    count = _moderate(request, queryset, fields={"published": False}, reason="Unpublished")
    modeladmin.message_user(request, f"{count} clinic(s) unpublished.", messages.SUCCESS)


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@admin.action(description="Export selected as CSV", permissions=["moderate"])
def export_csv(modeladmin, request, queryset):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    write_clinics_csv(queryset.with_lookups().order_by("name"), response)
    return _attachment(response, "clinics.csv")


@admin.action(description="Export selected as GeoJSON", permissions=["moderate"])
def export_geojson(modeladmin, request, queryset):
    document = clinics_geojson(queryset.with_lookups().order_by("name"), request=request)
    response = HttpResponse(json.dumps(document, ensure_ascii=False), content_type="application/geo+json")
    return _attachment(response, "clinics.geojson")


@admin.action(description="Export selected as Open Referral HSDS 3.0 JSON", permissions=["moderate"])
def export_hsds(modeladmin, request, queryset):
    base_url = request.build_absolute_uri("/").rstrip("/")
    response = StreamingHttpResponse(hsds_json_chunks(queryset, base_url=base_url), content_type="application/json")
    return _attachment(response, "clinics-hsds.json")


MODERATION_ACTIONS = [verify_clinics, publish_clinics, unpublish_clinics, export_csv, export_geojson, export_hsds]
