"""GET /api/clinics/ and GET /api/clinics/<slug>/, exactly as docs/API.md says.

Read-only and anonymous: no session state changes, so no CSRF token is needed,
and anything but GET/HEAD is a JSON 405 rather than Django's HTML 403/405.
"""

from __future__ import annotations

import functools

from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from directory.api.payloads import clinic_detail, errors_body
from directory.models import Clinic
from directory.search.results import InvalidSearch, search_clinics
from directory.serializers import clinic_summary


def json_error(errors: dict[str, list[str]], *, status: int) -> JsonResponse:
    return JsonResponse(errors_body(errors), status=status)


def read_only(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            response = json_error(
                {"__all__": [_("Method %(method)s is not allowed here; use GET.") % {"method": request.method}]},
                status=405,
            )
            response["Allow"] = "GET, HEAD"
            return response
        return view(request, *args, **kwargs)

    return csrf_exempt(wrapper)


def _page_url(request, number: int) -> str:
    params = request.GET.copy()
    params["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


@read_only
def clinic_list(request):
    try:
        results = search_clinics(params=request.GET, with_hours=False)  # the list shows no open_now
    except InvalidSearch as invalid:
        body = errors_body(invalid.errors)
        if invalid.suggestions:
            body["suggestions"] = invalid.suggestions  # "Did you mean …?" as data, for a client to offer
        return JsonResponse(body, status=400)
    page = results.page
    return JsonResponse(
        {
            "count": results.count,
            "next": _page_url(request, page.next_page_number()) if page.has_next() else None,
            "previous": _page_url(request, page.previous_page_number()) if page.has_previous() else None,
            "results": [
                clinic_summary(
                    row.clinic,
                    distance_miles=row.distance_miles,
                    request=request,
                    lookups=row.lookups,
                    url=row.url,
                    openings=row.openings,
                )
                for row in results.rows
            ],
        }
    )


@read_only
def clinic_detail_view(request, slug: str):
    clinic = Clinic.objects.published().with_lookups().filter(slug=slug).first()
    if clinic is None:
        return json_error({"__all__": [_("No published clinic has the slug '%(slug)s'.") % {"slug": slug}]}, status=404)
    return JsonResponse(clinic_detail(clinic, now=timezone.now(), request=request))
