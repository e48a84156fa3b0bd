"""GET /api/places/?q=<text>&limit=N: the places a search box can offer while someone types."""

from __future__ import annotations

from django.http import JsonResponse
from django.utils.translation import gettext as _

from config.jsonapi import ApiError
from directory.api.headers import public_read
from directory.place_candidates import place_candidates
from directory.places import MAX_TEXT

DEFAULT_LIMIT = 8
MAX_LIMIT = 20


def parse_limit(raw: str | None) -> int:
    """The `limit` parameter: a whole number from 1 to 20, 8 when absent. Raises ValueError with a message."""
    if raw is None or raw.strip() == "":
        return DEFAULT_LIMIT
    message = _("Enter limit as a whole number from %(min)d to %(max)d.") % {"min": 1, "max": MAX_LIMIT}
    text = raw.strip()
    if not text.isdigit():
        raise ValueError(message)
    limit = int(text)
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(message)
    return limit


# The gazetteer changes only with a release: an hour, and no ETag (it is not made of the listings).
@public_read(max_age=3600, etag=False)
def place_list(request):
    errors: dict[str, list[str]] = {}
    try:
        limit = parse_limit(request.GET.get("limit"))
    except ValueError as error:
        errors["limit"] = [str(error)]
    query = request.GET.get("q", "")
    if "\x00" in query:
        errors["q"] = [_("Remove the NUL character from this value.")]
    elif len(query) > MAX_TEXT:
        errors["q"] = [_("Keep this value to %(count)d characters or fewer.") % {"count": MAX_TEXT}]
    if errors:
        raise ApiError(errors)
    return JsonResponse({"results": [candidate.as_json() for candidate in place_candidates(query, limit)]})
