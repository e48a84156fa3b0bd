"""Clinic search: validate the parameters, count, pick the page's clinics, read and measure them.

`search_clinics` is what both the HTML pages and GET /api/clinics/ call:

1. ClinicFilter (directory.search.filters) cleans the parameters; PageForm the page;
2. the count (directory.search.counts) and the page's primary keys are cached answers, keyed by
   the FilterSet's data and the listings' generation (directory.listing_version); on a miss the
   keys come from the nearest-first step (directory.search.nearest) when the page is ordered by
   distance, else from the (published, name, id) index in the FilterSet's order;
3. the page's rows by key, their lookups, hours and openings in one plain query each
   (directory.search.cards, directory.availability), and the distance shown (haversine).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.core.paginator import EmptyPage, Page, Paginator
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from directory import geo
from directory.availability import Opening, page_openings
from directory.geo import Place
from directory.listing_version import cached_answer
from directory.models import Clinic
from directory.opening_hours import is_open_at
from directory.places import place_suggestions
from directory.search import counts
from directory.search.cards import ClinicLookups, page_hours, page_lookups
from directory.search.counts import counted_exactly, remembered_count
from directory.search.fields import PageForm
from directory.search.filters import ClinicFilter
from directory.search.keys import query_key
from directory.search.matches import Matches

DEFAULT_PAGE_SIZE = 20


class InvalidSearch(Exception):
    """The parameters could not be used; `errors` names each bad parameter."""

    def __init__(self, errors: dict[str, list[str]], filterset: ClinicFilter):
        super().__init__("invalid search parameters")
        self.errors = errors
        self.filterset = filterset

    @property
    def suggestions(self) -> dict[str, list[str]]:
        """{"near": ["Los Angeles, CA", …]} when `near` names no place but resembles some."""
        if "near" not in self.errors:
            return {}
        found = place_suggestions(self.filterset.data.get("near")) if self.filterset.data is not None else []
        return {"near": found} if found else {}


@dataclass(frozen=True)
class ClinicRow:
    clinic: Clinic
    distance_miles: float | None
    url: str  # the clinic page's path
    lookups: ClinicLookups
    open_now: bool | None  # None: hours not asked for (the JSON list does not show them) or none listed
    openings: list[Opening] = field(default_factory=list)  # new-patient availability per offered treatment


@dataclass
class SearchResults:
    keys: list[int]  # the page's clinics, in order
    page: Page
    filterset: ClinicFilter
    place: Place | None
    radius: float | None
    sort: str
    page_size: int
    moment: datetime.datetime
    with_hours: bool
    more: bool = False  # more than `count` (COUNT_LIMIT) match: only the first COUNT_LIMIT are listed

    @property
    def count(self) -> int:
        """How many match, or COUNT_LIMIT when more do (`more`): the matches that can be paged through."""
        return self.page.paginator.count

    @cached_property
    def rows(self) -> list[ClinicRow]:
        """The page's clinics with what a card or an API row shows; read only when an answer is not cached."""
        rows = page_rows(self.keys, place=self.place, moment=self.moment, with_hours=self.with_hours)
        if self.sort == "distance":
            # SQL orders by a flat-earth approximation; on the page, order by the distance shown.
            rows.sort(key=lambda row: row.distance_miles)
        return rows

    @property
    def minute(self) -> str:
        """The minute this page is about: what is kept per clinic (cards, summaries) is kept for it."""
        return self.moment.replace(second=0, microsecond=0).isoformat()

    @cached_property
    def map_points(self) -> list[dict]:
        return map_points(self.rows)


def _form_errors(form) -> dict[str, list[str]]:
    return {name: [str(message) for message in messages] for name, messages in form.errors.items()}


def _page(filterset: ClinicFilter, *, count: int, more: bool, number: int, page_size: int) -> Page:
    paginator = Paginator(range(count), page_size)
    try:
        return paginator.page(number)
    except EmptyPage:
        last = paginator.num_pages
        if more:
            message = _(
                "Only the first %(limit)s matches can be listed, up to page %(last)s; narrow the search to see others."
            ) % {"limit": f"{counts.COUNT_LIMIT:,}", "last": last}
        elif last > 1:
            message = _("There is no page %(number)s; the last page is %(last)s.") % {"number": number, "last": last}
        else:
            message = _("There is only page 1.")
        raise InvalidSearch({"page": [message]}, filterset) from None


def search_clinics(
    *,
    params,
    now: datetime.datetime | None = None,
    default_page_size: int = DEFAULT_PAGE_SIZE,
    with_hours: bool = True,
) -> SearchResults:
    """Published clinics matching `params` (a QueryDict), one page of them.

    `with_hours=False` skips loading opening hours (rows then have `open_now=None`).
    Raises InvalidSearch when any parameter is unusable, including a page past the end.
    """
    moment = now or timezone.now()
    filterset = ClinicFilter(params, now=moment)
    paging = PageForm(params)
    errors = {**_form_errors(filterset.form), **_form_errors(paging)}
    if errors:
        raise InvalidSearch(errors, filterset)
    page_size = paging.cleaned_data.get("page_size") or default_page_size
    asked_start = ((paging.cleaned_data.get("page") or 1) - 1) * page_size
    query = Matches(filterset, start=asked_start, stop=asked_start + page_size)
    counted = remembered_count(filterset, query.count, now=moment)
    more = counted > counts.COUNT_LIMIT and not counted_exactly(filterset)
    count = counts.COUNT_LIMIT if more else counted
    number = paging.cleaned_data.get("page") or 1
    page = _page(filterset, count=count, more=more, number=number, page_size=page_size)
    start = (page.number - 1) * page_size
    stop = min(start + page_size, count)
    keys = (
        []
        if start >= stop
        else cached_answer(
            query_key(filterset, now=moment, kind="search-page", extra=(start, stop)),
            lambda: query.page_keys(start=start, stop=stop, count=counted),
        )
    )
    return SearchResults(
        keys=keys,
        page=page,
        filterset=filterset,
        place=filterset.chosen_place,
        radius=filterset.chosen_radius,
        sort=filterset.chosen_sort,
        page_size=page_size,
        moment=moment,
        with_hours=with_hours,
        more=more,
    )


def page_rows(keys: list[int], *, place: Place | None, moment: datetime.datetime, with_hours: bool) -> list[ClinicRow]:
    """The page's clinics in the order of `keys`, with what a card or an API row shows."""
    # published() again: keys cached by a writer that forgot listings_changed() can never show a hidden clinic.
    found = Clinic.objects.published().filter(pk__in=keys).select_related("city", "responsiveness")
    by_id = {clinic.pk: clinic for clinic in found} if keys else {}
    clinics = [by_id[pk] for pk in keys if pk in by_id]
    ids = [clinic.pk for clinic in clinics]
    lookups = page_lookups(ids)
    hours = page_hours(ids) if with_hours else None
    openings = page_openings(ids, now=moment)
    url_of = clinic_url_maker()
    return [
        ClinicRow(
            clinic=clinic,
            distance_miles=geo.great_circle_miles(place.point, clinic.point) if place else None,
            url=url_of(clinic.slug),
            lookups=lookups[clinic.pk],
            open_now=(
                is_open_at(intervals=hours[clinic.pk], timezone=clinic.timezone, moment=moment)
                if hours and hours[clinic.pk]
                else None
            ),
            openings=openings[clinic.pk],
        )
        for clinic in clinics
    ]


def map_points(rows: list[ClinicRow]) -> list[dict]:
    """What static/js/map.js draws: plain data, rendered with json_script."""
    return [
        {
            "name": row.clinic.name,
            "url": row.url,
            "lat": row.clinic.latitude,
            "lng": row.clinic.longitude,
            "distance": round(row.distance_miles, 1) if row.distance_miles is not None else None,
        }
        for row in rows
    ]


_PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")


def clinic_url_maker() -> Callable[[str], str]:
    """slug → the clinic page's path, as Clinic.get_absolute_url, with one reverse() per page instead of per row."""
    marker = "clinic-slug"
    head, tail = reverse("directory:clinic_detail", kwargs={"slug": marker}).rsplit(marker, 1)

    def url_of(slug: str) -> str:
        if _PLAIN_SLUG.match(slug):  # nothing in it to quote
            return f"{head}{slug}{tail}"
        return reverse("directory:clinic_detail", kwargs={"slug": slug})

    return url_of
