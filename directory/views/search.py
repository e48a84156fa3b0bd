"""The search results page (/clinics/) and city pages (/cities/<slug>/): one selector, one template."""

from __future__ import annotations

import hashlib

from django.http import QueryDict
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from directory.listing_version import cached_answer
from directory.models import City, Condition, Language, PaymentOption, Treatment
from directory.search.place import DEFAULT_RADIUS_MILES
from directory.search.results import InvalidSearch, search_clinics

BOOLEAN_FILTERS = [
    ("accepting_new_patients", gettext_lazy("Accepting new patients")),
    ("telehealth", gettext_lazy("Telehealth")),
    ("verified", gettext_lazy("Verified listing")),
    ("open_now", gettext_lazy("Open now")),
]
ECHO_LIMIT = 200
MORE_FILTERS = ["payment", "language", "q", "condition", "treatment", *[name for name, _ in BOOLEAN_FILTERS]]


def _echo(value: str) -> str:
    """Raw text safe to put back into a form field: no NUL bytes, no endless strings."""
    return value.replace("\x00", "")[:ECHO_LIMIT]


def _form_state(params: QueryDict) -> dict:
    """What the visitor typed, to put back into the form (raw text, never cleaned objects)."""
    names = ("near", "radius", "payment", "language", "q", "sort", "available_within")
    state = {name: _echo(params.get(name, "")) for name in names}
    state["city"] = _echo(params.get("city", ""))
    state["condition"] = [_echo(value) for value in params.getlist("condition")]
    state["treatment"] = [_echo(value) for value in params.getlist("treatment")]
    state["booleans"] = [
        {"name": name, "label": label, "value": _echo(params.get(name, "")).strip().lower()}
        for name, label in BOOLEAN_FILTERS
    ]
    state["more_open"] = any(params.get(name) for name in MORE_FILTERS)
    return state


def _suggestion_links(params: QueryDict, labels: list[str], extra: dict) -> list[dict]:
    """The same search near each place the visitor may have meant ("Did you mean Los Angeles, CA?")."""
    links = []
    for label in labels:
        query = params.copy()
        query["near"] = label
        query.pop("page", None)
        links.append({"label": label, "url": f"{extra['form_action']}?{query.urlencode()}"})
    return links


def _render_search(request, *, params: QueryDict, template: str, extra: dict):
    context = {
        "state": _form_state(params),
        "conditions": Condition.objects.all(),
        "treatments": Treatment.objects.all(),
        "payments": PaymentOption.objects.all(),
        "languages": Language.objects.all(),
        "default_radius": int(DEFAULT_RADIUS_MILES),
        **extra,
    }
    try:
        context["results"] = search_clinics(params=params)
    except InvalidSearch as invalid:
        labels = {name: str(field.label) for name, field in invalid.filterset.form.fields.items()}
        labels.update({"page": _("Page"), "page_size": _("Results per page"), "__all__": _("Search")})
        context["errors"] = invalid.errors
        context["error_items"] = [(labels.get(name, name), messages) for name, messages in invalid.errors.items()]
        context["near_suggestions"] = _suggestion_links(params, invalid.suggestions.get("near", []), extra)
        return render(request, template, context, status=400)
    context["more_filters_html"] = more_filters_panel(request, context)
    return render(request, template, context)


def more_filters_panel(request, context: dict) -> str:
    """The "More filters" panel, rendered once per set of choices and language while the listings do not change.

    It lists every condition, treatment, payment option and language (four queries and ~4 ms of
    template a search) and depends only on them, on what the visitor chose among them and on the
    language: the listings' version token (directory.listing_version) changes when a lookup does.
    Searches with errors render it in the page, with the messages next to their fields.
    """
    state = context["state"]
    chosen = (
        state["condition"],
        state["treatment"],
        state["payment"],
        state["language"],
        [(flag["name"], flag["value"]) for flag in state["booleans"]],
        state["more_open"],
    )
    digest = hashlib.sha256(repr(chosen).encode()).hexdigest()[:32]
    return cached_answer(
        f"directory:more-filters:{get_language()}:{digest}",
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
