"""GET /api/hsds/…: the HSDS 3.0 API over published listings. Read-only, anonymous, JSON."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import JsonResponse, QueryDict
from django.utils.translation import gettext as _

from config.jsonapi import ApiError, one_error
from directory.api.headers import public_read
from directory.exporting.hsds import HSDS_VERSION
from directory.exporting.hsds_ids import pk_from
from directory.models import Clinic
from directory.search.filters import ClinicFilter

from . import items, params
from .taxonomy import TAXONOMIES, taxonomy_by_id, taxonomy_record, term_by_id, term_record

PROFILE_URL = "https://docs.openreferral.org/en/latest/hsds/api_reference.html"
# Our names of ClinicFilter's parameters, and the HSDS ones they answer to.
FILTER_NAMES = {"q": "search", "near": "postcode", "radius": "proximity", "treatment": "taxonomy_term_id"}
FILTER_NAMES["condition"] = "taxonomy_term_id"
SERVICE_PARAMS = ("search", "taxonomy_term_id", "taxonomy_id", "organization_id", "modified_after", "full")


# GET only (else a JSON 405), no CSRF check (nothing here changes anything), cache headers and ETag.
read_only = public_read()


def _base(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _not_found():
    return one_error(_("Not found."), 404)


def _clinics(request, *, near: bool = False) -> QuerySet[Clinic]:
    """Published clinics narrowed by the HSDS filters, through the search's own FilterSet."""
    data = QueryDict(mutable=True)
    if "search" in request.GET:
        data["q"] = request.GET["search"]
    empty = False
    if term_id := request.GET.get("taxonomy_term_id"):
        found = term_by_id(term_id)
        if found is None:
            empty = True
        else:
            data[found[0].key] = found[1].slug
    if near and "postcode" in request.GET:
        data["near"] = request.GET["postcode"]
        miles = params.proximity_miles(request)
        data["radius"] = str(miles if miles is not None else 25)
    elif near and "proximity" in request.GET:
        raise ApiError({"proximity": [_("Give a postcode with proximity.")]})
    search = ClinicFilter(data, queryset=Clinic.objects.published())
    if not search.is_valid():
        raise ApiError({FILTER_NAMES.get(k, k): list(v) for k, v in search.errors.items()})
    clinics = search.qs
    if empty:
        clinics = clinics.none()
    if taxonomy_id := request.GET.get("taxonomy_id"):
        taxonomy = taxonomy_by_id(taxonomy_id)
        if taxonomy is None:
            clinics = clinics.none()
        else:
            through = getattr(Clinic, f"{taxonomy.key}s").through
            clinics = clinics.filter(pk__in=through.objects.values("clinic_id"))
    if organization_id := request.GET.get("organization_id"):
        clinics = clinics.filter(pk=pk_from("organization", organization_id) or 0)
    if (since := params.moment(request, "modified_after")) is not None:
        clinics = clinics.filter(updated_at__gte=since)
    ordering = ("distance_sq", "pk") if "near" in data else ("pk",)
    return items.with_related(clinics.order_by(*ordering))


def _one_clinic(table: str, value: str) -> Clinic | None:
    pk = pk_from(table, value)
    return items.with_related(Clinic.objects.published().filter(pk=pk)).first() if pk is not None else None


@read_only
def root(request):
    return JsonResponse(
        {
            "version": HSDS_VERSION,
            "profile": PROFILE_URL,
            "openapi_url": "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json",
        }
    )


@read_only
def services(request):
    params.check_known(request, SERVICE_PARAMS)
    full, base = params.boolean(request, "full"), _base(request)
    return params.page_response(request, _clinics(request), lambda c: items.service_item(c, base, full=full))


@read_only
def service(request, id: str):
    clinic = _one_clinic("service", id)
    if clinic is None:
        return _not_found()
    return JsonResponse(items.service_item(clinic, _base(request), full=True))


@read_only
def service_at_locations(request):
    params.check_known(request, (*SERVICE_PARAMS, "postcode", "proximity"))
    full, base = params.boolean(request, "full"), _base(request)
    rows = _clinics(request, near=True)
    return params.page_response(request, rows, lambda c: items.service_at_location_item(c, base, full=full))


@read_only
def service_at_location(request, id: str):
    clinic = _one_clinic("service_at_location", id)
    if clinic is None:
        return _not_found()
    return JsonResponse(items.service_at_location_item(clinic, _base(request), full=True))


@read_only
def organizations(request):
    params.check_known(request, ("search", "full", "full_service"))
    full, full_service, base = params.boolean(request, "full"), params.boolean(request, "full_service"), _base(request)
    rows = _clinics(request)
    build = lambda c: items.organization_item(c, base, full=full, full_service=full_service)  # noqa: E731
    return params.page_response(request, rows, build)


@read_only
def organization(request, id: str):
    params.check_known(request, ("full_service",))
    clinic = _one_clinic("organization", id)
    if clinic is None:
        return _not_found()
    full_service = params.boolean(request, "full_service")
    return JsonResponse(items.organization_item(clinic, _base(request), full=True, full_service=full_service))


@read_only
def locations(request):
    params.check_known(request, ("search",))
    base = _base(request)
    return params.page_response(request, _clinics(request), lambda c: items.location_item(c, base))


@read_only
def location(request, id: str):
    clinic = _one_clinic("location", id)
    if clinic is None:
        return _not_found()
    return JsonResponse(items.location_item(clinic, _base(request)))


def _matches(record: dict, search: str) -> bool:
    words = search.lower().split()
    text = " ".join(str(record.get(key, "")) for key in ("name", "description", "code")).lower()
    return all(word in text for word in words)


@read_only
def taxonomies(request):
    params.check_known(request, ("search",))
    rows = [taxonomy_record(t) for t in TAXONOMIES]
    rows = [r for r in rows if _matches(r, request.GET.get("search", ""))]
    return params.page_response(request, rows, lambda record: record)


@read_only
def taxonomy(request, id: str):
    found = taxonomy_by_id(id)
    return JsonResponse(taxonomy_record(found)) if found else _not_found()


@read_only
def taxonomy_terms(request):
    params.check_known(request, ("search", "taxonomy_id", "top_only", "parent_id"))
    params.boolean(request, "top_only")  # every term of ours is a top-level one
    wanted = request.GET.get("taxonomy_id")
    rows = [
        term_record(t, lookup)
        for t in TAXONOMIES
        if wanted is None or t.id == wanted
        for lookup in t.model.objects.all()
    ]
    if request.GET.get("parent_id"):
        rows = []  # no term of ours has a parent
    rows = [r for r in rows if _matches(r, request.GET.get("search", ""))]
    return params.page_response(request, rows, lambda record: record)


@read_only
def taxonomy_term(request, id: str):
    found = term_by_id(id)
    return JsonResponse(term_record(*found, detail=True)) if found else _not_found()
