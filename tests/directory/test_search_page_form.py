"""The search page's form is the search FilterSet's own: a filter added there shows, filters and is cached.

Nothing here touches a template: the new filters below exist only in a FilterSet subclass
that the selector is made to use, as a developer adding a filter would write it.
"""

from __future__ import annotations

import re
from html import unescape

import pytest
from django import forms
from django.db import connection
from django.db.models import Exists, OuterRef
from django.test.utils import CaptureQueriesContext

from directory.models import Clinic, Language
from directory.search import results
from directory.search.filters import ClinicFilter, LookupMultipleChoiceFilter, StrictBooleanFilter

pytestmark = pytest.mark.django_db


def page_of(client, params: dict, path: str = "/clinics/") -> tuple[int, str]:
    response = client.get(path, params)
    return response.status_code, unescape(response.content.decode())


def clinic_names(page: str) -> list[str]:
    return re.findall(r'<h3[^>]*><a href="[^"]+">([^<]+)</a>', page)


class WithNewFilters(ClinicFilter):
    """Two filters a developer might add: a yes/no select and a checkbox group with its own method."""

    rems_certified = StrictBooleanFilter(
        field_name="rems_certified", lookup_expr="exact", label="SPRAVATO REMS certified"
    )
    spoken = LookupMultipleChoiceFilter(
        field_name="languages",
        to_field_name="code",
        queryset=Language.objects.all(),
        method="filter_any_language",
        label="Languages spoken (any of)",
        widget=forms.CheckboxSelectMultiple,
    )

    def filter_any_language(self, queryset, name, value):
        chosen = list(value)
        if not chosen:
            return queryset
        through = Clinic.languages.through
        return queryset.filter(Exists(through.objects.filter(clinic=OuterRef("pk"), language__in=chosen)))


@pytest.fixture
def new_filters(monkeypatch):
    monkeypatch.setattr(results, "ClinicFilter", WithNewFilters)


def test_a_filter_added_to_the_filterset_shows_on_the_page_with_its_label(client, clinic_at, new_filters):
    clinic_at(1)
    status, page = page_of(client, {"near": "30303"})
    assert status == 200
    panel = page[page.index('<details class="more-filters"') : page.index("</details>")]
    assert '<label for="f-rems_certified">SPRAVATO REMS certified</label>' in panel
    assert re.search(r'<select name="rems_certified" id="f-rems_certified">\s*<option value="" selected>Any', panel)
    group = panel[panel.index("<legend>Languages spoken (any of)</legend>") :]
    group = group[: group.index("</fieldset>")]
    assert re.search(r'<label class="check"><input type="checkbox" name="spoken" value="es" id="[^"]+"> Spanish', group)


def test_a_filter_added_to_the_filterset_narrows_the_results_and_keeps_the_choice(client, clinic_at, new_filters):
    clinic_at(1, name="Certified Clinic", rems_certified=True, languages=["ko"])
    clinic_at(2, name="Plain Clinic", rems_certified=False, languages=["en"])
    assert clinic_names(page_of(client, {"near": "30303"})[1]) == ["Certified Clinic", "Plain Clinic"]

    status, page = page_of(client, {"near": "30303", "rems_certified": "true"})
    assert status == 200 and clinic_names(page) == ["Certified Clinic"]
    assert '<details class="more-filters" open>' in page
    assert re.search(r'name="rems_certified" id="f-rems_certified">.*?<option value="true" selected>Yes', page, re.S)

    page = page_of(client, {"near": "30303", "spoken": ["en", "es"]})[1]
    assert clinic_names(page) == ["Plain Clinic"]
    assert re.search(r'name="spoken" value="en" id="[^"]+" checked', page)
    assert re.search(r'name="spoken" value="es" id="[^"]+" checked', page)
    assert not re.search(r'name="spoken" value="ko" id="[^"]+" checked', page)

    # The cached panel is keyed by the new filters too: a plain search shows nothing chosen again.
    page = page_of(client, {"near": "30303"})[1]
    assert '<details class="more-filters">' in page and 'value="true" selected' not in page
    assert not re.search(r'name="spoken" value="en" id="[^"]+" checked', page)


def test_a_filter_added_to_the_filterset_shows_its_error_linked_to_the_control(client, clinic_at, new_filters):
    clinic_at(1)
    status, page = page_of(client, {"near": "30303", "rems_certified": "maybe"})
    assert status == 400
    assert "<strong>SPRAVATO REMS certified:</strong> Use true or false." in page  # the summary names the label
    assert '<select name="rems_certified" aria-invalid="true" aria-describedby="f-rems_certified_error"' in page
    assert '<p class="field-error" id="f-rems_certified_error">Use true or false.</p>' in page


def test_the_json_api_reads_the_same_new_filter(client, clinic_at, new_filters):
    clinic_at(1, name="Certified Clinic", rems_certified=True)
    clinic_at(2, name="Plain Clinic", rems_certified=False)
    answer = client.get("/api/clinics/", {"near": "30303", "rems_certified": "false"}).json()
    assert [clinic["name"] for clinic in answer["results"]] == ["Plain Clinic"]


def test_every_filter_of_the_filterset_has_a_labelled_control_on_the_page(client, clinic_at):
    clinic_at(1)
    page = page_of(client, {"near": "30303"})[1]
    for name, search_filter in ClinicFilter.base_filters.items():
        if name == "city":  # a city has its own page; the search form carries it only when asked
            continue
        label = str(search_filter.label)
        assert f'<label for="f-{name}">{label}</label>' in page or f"<legend>{label}</legend>" in page, name
        assert f'name="{name}"' in page, name


def test_the_controls_keep_their_names_choices_and_bounds(client, clinic_at):
    clinic_at(1)
    page = page_of(client, {"near": "30303"})[1]
    assert '<label for="f-near">Near (ZIP code or City, ST)</label>' in page
    assert re.search(r'<input type="text" name="near" value="30303" maxlength="100" [^>]*list="f-near-places"', page)
    assert re.search(r'<input type="number" name="radius" [^>]*placeholder="25" min="1(\.0)?" max="500(\.0)?"', page)
    assert re.search(r'<input type="number" name="available_within" [^>]*min="1" max="180"', page)
    assert re.search(r'<input type="search" name="q" [^>]*maxlength="200"', page)
    sort = re.search(r'<select name="sort" id="f-sort">(.*?)</select>', page, re.S).group(1)
    assert re.findall(r'<option value="([^"]*)"', sort) == ["", "relevance", "distance", "name", "soonest"]
    payment = re.search(r'<select name="payment" id="f-payment">(.*?)</select>', page, re.S).group(1)
    assert '<option value="" selected>Any</option>' in payment
    assert '<option value="self-pay">Self-pay</option>' in payment
    language = re.search(r'<select name="language" id="f-language">(.*?)</select>', page, re.S).group(1)
    assert '<option value="es">Spanish (Español)</option>' in language and ">English</option>" in language
    assert re.search(r'<label class="check"><input type="checkbox" name="treatment" value="iv-infusion"', page)
    verified = re.search(r'<select name="verified" id="f-verified">(.*?)</select>', page, re.S).group(1)
    assert re.findall(r'<option value="([^"]*)"', verified) == ["", "true", "false"]


def test_the_visitors_choices_come_back_in_every_kind_of_control(client, clinic_at):
    clinic_at(1, conditions=["ptsd"], treatments=["iv-infusion"], payment_options=["self-pay"], languages=["es"])
    params = {
        "near": "30303",
        "radius": "40",
        "q": "clinic",
        "available_within": "",
        "sort": "name",
        "condition": "ptsd",
        "treatment": "iv-infusion",
        "payment": "self-pay",
        "language": "es",
        "telehealth": "1",  # 1 means true: shown as "Yes"
        "verified": "FALSE",
    }
    status, page = page_of(client, params)
    assert status == 200
    assert 'name="radius" value="40"' in page and 'name="q" value="clinic"' in page
    assert '<option value="name" selected>Name</option>' in page
    assert re.search(r'name="condition" value="ptsd" id="[^"]+" checked', page)
    assert re.search(r'name="treatment" value="iv-infusion" id="[^"]+" checked', page)
    assert '<option value="self-pay" selected>' in page and '<option value="es" selected>' in page
    assert re.search(r'name="telehealth" id="f-telehealth">.*?<option value="true" selected>Yes', page, re.S)
    assert re.search(r'name="verified" id="f-verified">.*?<option value="false" selected>No', page, re.S)


def test_a_checkbox_group_with_an_error_is_a_described_fieldset(client, clinic_at):
    clinic_at(1)
    status, page = page_of(client, {"near": "30303", "condition": ["ptsd", "hiccups"]})
    assert status == 400
    group = page[page.index('<fieldset class="has-error" aria-describedby="f-condition_error">') :]
    group = group[: group.index("</fieldset>")]
    assert "<legend>Conditions treated (all of)</legend>" in group
    assert re.search(r'<input type="checkbox" name="condition" value="ptsd" id="[^"]+" aria-invalid="true"', group)
    assert '<p class="field-error" id="f-condition_error">Unknown condition' in group


def test_the_city_rides_along_hidden_but_not_on_a_city_page(client, clinic_at):
    clinic_at(1)
    assert '<input type="hidden" name="city" value="atlanta-ga"' in page_of(client, {"city": "atlanta-ga"})[1]
    assert 'name="city"' not in page_of(client, {})[1]
    assert 'name="city"' not in page_of(client, {"city": "atlanta-ga"}, path="/cities/atlanta-ga/")[1]


def test_spanish_labels_and_choices_come_from_the_form(client, clinic_at):
    clinic_at(1)
    page = unescape(client.get("/clinics/", {"near": "30303"}, headers={"accept-language": "es"}).content.decode())
    assert '<label for="f-near">Cerca de (código postal o Ciudad, ST)</label>' in page
    assert "<legend>Afecciones que trata (todas)</legend>" in page
    assert re.search(r'name="condition" value="chronic-pain" id="[^"]+"> Dolor crónico</label>', page)
    assert '<option value="self-pay">Pago por cuenta propia</option>' in page
    assert '<option value="" selected>Cualquiera</option>' in page and ">Sí</option>" in page


def test_the_home_search_box_offers_the_forms_choices(client, db):
    page = unescape(client.get("/").content.decode())
    condition = re.search(r'<select id="home-condition" name="condition">(.*?)</select>', page, re.S).group(1)
    choices = [(option.data["value"], option.choice_label) for option in ClinicFilter().form["condition"]]
    assert re.findall(r'<option value="([^"]+)">([^<]+)</option>', condition) == [
        (str(value), label) for value, label in choices
    ]
    assert ("ptsd", "PTSD") in [(str(value), label) for value, label in choices]


def test_a_search_elsewhere_reuses_the_cached_panel_and_shows_its_own_row(client, clinic_at):
    clinic_at(1)
    client.get("/clinics/", {"near": "30303", "payment": "self-pay"})
    with CaptureQueriesContext(connection) as elsewhere:
        status, page = page_of(client, {"near": "Atlanta, GA", "payment": "self-pay"})
    assert status == 200 and 'name="near" value="Atlanta, GA"' in page
    assert '<option value="self-pay" selected>' in page
    lookups = ("directory_condition", "directory_treatment", "directory_paymentoption", "directory_language")
    assert not any(f'FROM "{table}" ORDER BY' in q["sql"] for q in elsewhere.captured_queries for table in lookups)
