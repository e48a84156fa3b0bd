"""The search results page (/clinics/) and city pages (/cities/<slug>/): one selector, one template."""

from __future__ import annotations

import hashlib

from django.http import QueryDict
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from directory.listing_version import cached_answer
from directory.models import City
from directory.search.answers import remembered_answer
from directory.search.results import InvalidSearch, search_clinics
from directory.views.cards import clinic_cards


def _suggestion_links(params: QueryDict, name: str, labels: list[str], extra: dict) -> list[dict]:
    """The same search with each value of `name` the visitor may have meant ("Did you mean Los Angeles, CA?")."""
    links = []
    for label in labels:
        query = params.copy()
        query[name] = label
        query.pop("page", None)
        links.append({"label": label, "url": f"{extra['form_action']}?{query.urlencode()}"})
    return links


def _render_search(request, *, params: QueryDict, template: str, extra: dict):
    """The page's form is the search FilterSet's own (directory.search.form): what it shows comes from there."""
    context = dict(extra)
    try:
        context.update(remembered_answer(request, "search-page", lambda: searched_parts(request, params, extra)))
    except InvalidSearch as invalid:
        form = invalid.filterset.form
        labels = {name: str(field.label) for name, field in form.fields.items()}
        labels.update({"page": _("Page"), "page_size": _("Results per page"), "__all__": _("Search")})
        context["form"] = form
        context["errors"] = invalid.errors
        context["error_items"] = [(labels.get(name, name), messages) for name, messages in invalid.errors.items()]
        context["suggestions"] = {
            name: _suggestion_links(params, name, found, extra) for name, found in invalid.suggestions.items()
        }
        return render(request, template, context, status=400)
    return render(request, template, context)


def searched_parts(request, params: QueryDict, extra: dict) -> dict:
    """What a valid search puts in its page, the same for every visitor; the view keeps it (directory.search.answers).

    The results section (count, cards, pages, map data) says of each clinic whether it is open
    now, so it is kept for the minute at most; a repeated search then reads no clinic row.
    """
    results = search_clinics(params=params)
    cards = clinic_cards(results.rows, minute=results.minute)
    context = {**extra, "results": results, "form": results.filterset.form, "cards": cards}
    return {
        "search_form_html": search_form_markup(request, context),
        "results_html": render_to_string("includes/_results.html", context, request),
        "has_map": bool(results.map_points),
        "place_label": results.place.label if results.place else "",
    }


def _markup_key(kind: str, shown: tuple) -> str:
    digest = hashlib.sha256(repr(shown).encode()).hexdigest()[:32]
    return f"directory:{kind}:{get_language()}:{digest}"


def search_form_markup(request, context: dict) -> str:
    """The search form of a valid search, rendered once per set of values, page and language.

    Keyed by what every field of the FilterSet's form shows (a new filter is part of the key at once)
    and kept in the listings' generation (directory.listing_version), as the panel's choices are.
    Drawing the fields through Django's widget templates costs about a millisecond a search.
    """
    form = context["form"]

    def render_form() -> str:
        panel = more_filters_panel(request, context)
        return render_to_string("includes/_search_form.html", {**context, "more_filters_html": panel}, request)

    return cached_answer(_markup_key("search-form", (context["form_action"], form.shown_values())), render_form)


def more_filters_panel(request, context: dict) -> str:
    """The "More filters" panel, rendered once per set of choices and language while the listings do not change.

    It lists every condition, treatment, payment option and language (four queries and ~8 ms of
    template) and depends only on them, on what the visitor chose among them and on the language:
    the listings' version token (directory.listing_version) changes when a lookup does. Searches
    that differ only in the row above it (another place, another keyword) share one panel.
    Searches with errors render it in the page, with the messages next to their fields.
    """
    form = context["form"]
    return cached_answer(
        _markup_key("more-filters", form.shown_values(form.panel_fields)),
        lambda: render_to_string("includes/_more_filters.html", context, request),
    )


def clinic_search(request):
    return _render_search(
        request,
        params=request.GET,
        template="directory/clinic_search.html",
        extra={"form_action": reverse("directory:clinic_search")},
    )


def city_detail(request, slug: str):
    city = get_object_or_404(City, slug=slug)
    params = request.GET.copy()
    params.setlist("city", [city.slug])  # the path names the city; a query-string city cannot override it
    return _render_search(
        request,
        params=params,
        template="directory/city_detail.html",
        extra={"city": city, "form_action": city.get_absolute_url()},
    )
