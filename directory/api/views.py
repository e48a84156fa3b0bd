"""GET /api/clinics/ and GET /api/clinics/<slug>/, exactly as docs/API.md says.

Read-only and anonymous (directory.api.headers.public_read): no session state changes, so no
CSRF token is needed; anything but GET/HEAD is a JSON 405; answers carry an ETag and may be cached.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from config.jsonapi import ApiError
from directory.api.headers import public_read, set_link_header
from directory.api.payloads import clinic_detail, page_summaries
from directory.models import Clinic
from directory.search.answers import remembered_answer
from directory.search.results import InvalidSearch, search_clinics


def _page_url(request, number: int) -> str:
    params = request.GET.copy()
    params["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


@dataclass(frozen=True)
class ListAnswer:
    """What GET /api/clinics/ answers to one request: the JSON body and what its headers say."""

    body: bytes
    next_url: str | None
    previous_url: str | None
    count_exact: bool


def list_answer(request) -> ListAnswer:
    try:
        results = search_clinics(params=request.GET, with_hours=False)  # the list shows no open_now
    except InvalidSearch as invalid:
        raise ApiError(invalid.errors, suggestions=invalid.suggestions) from None
    page = results.page
    next_url = _page_url(request, page.next_page_number()) if page.has_next() else None
    previous_url = _page_url(request, page.previous_page_number()) if page.has_previous() else None
    body = {
        "count": results.count,
        "next": next_url,
        "previous": previous_url,
        "results": page_summaries(results, request=request),
    }
    return ListAnswer(
        body=JsonResponse(body).content, next_url=next_url, previous_url=previous_url, count_exact=not results.more
    )


@public_read()
def clinic_list(request):
    answer = remembered_answer(request, "api-list", lambda: list_answer(request))
    response = HttpResponse(answer.body, content_type="application/json")
    set_link_header(response, next_url=answer.next_url, previous_url=answer.previous_url)
    # `count` stops at COUNT_LIMIT for a broad search; the body keeps the documented shape, the header says which.
    response["Count-Exact"] = "true" if answer.count_exact else "false"
    return response


@public_read()
def clinic_detail_view(request, slug: str):
    clinic = Clinic.objects.published().with_lookups().filter(slug=slug).first()
    if clinic is None:
        raise ApiError({"__all__": [_("No published clinic has the slug '%(slug)s'.") % {"slug": slug}]}, 404)
    return JsonResponse(clinic_detail(clinic, now=timezone.now(), request=request))
