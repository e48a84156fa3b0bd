"""The home page's city counts: one aggregate over the index, cached until a listing changes."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.test import RequestFactory

from directory import listing_version
from directory.admin.actions import unpublish_clinics
from directory.models import Clinic
from directory.views.pages import HOME_CITIES_CACHE_KEY, home_cities
from tests.factories import CityFactory, ClinicFactory

pytestmark = pytest.mark.django_db


class ModelAdmin:
    def message_user(self, *args, **kwargs):
        pass


def rf_request(user):
    request = RequestFactory().post("/admin/directory/clinic/")
    request.user = user
    return request


def test_busiest_cities_in_name_order_and_the_rest_counted():
    busy = CityFactory(name="Zeta", state="GA")
    quiet = CityFactory(name="Alpha", state="GA")
    ClinicFactory.create_batch(3, city=busy)
    ClinicFactory(city=quiet)
    ClinicFactory(city=CityFactory(name="Hidden", state="GA"), published=False)

    shown, hidden = home_cities()

    assert [(c["name"], c["clinic_count"]) for c in shown] == [("Alpha", 1), ("Zeta", 3)]
    assert shown[0]["slug"] == quiet.slug and shown[0]["state"] == "GA"
    assert hidden == 0


def test_only_the_busiest_are_listed(monkeypatch):
    monkeypatch.setattr("directory.views.pages.HOME_CITY_LIMIT", 1)
    ClinicFactory.create_batch(2, city=CityFactory(name="Busy", state="GA"))
    ClinicFactory(city=CityFactory(name="Calm", state="GA"))

    shown, hidden = home_cities()

    assert [c["name"] for c in shown] == ["Busy"] and hidden == 1


def test_the_counts_are_cached_so_a_warm_home_page_skips_the_aggregate(client, django_assert_num_queries):
    ClinicFactory()
    client.get("/")
    with django_assert_num_queries(2):  # conditions and treatments for the search box only
        response = client.get("/")
    assert "1 clinic<" in response.content.decode()


def test_a_new_or_hidden_clinic_shows_in_the_counts_at_once(client, admin_user):
    clinic = ClinicFactory()
    assert "1 clinic<" in client.get("/").content.decode()
    ClinicFactory(city=clinic.city)
    assert "2 clinics" in client.get("/").content.decode()
    unpublish_clinics(ModelAdmin(), rf_request(admin_user), Clinic.objects.filter(pk=clinic.pk))
    assert "1 clinic<" in client.get("/").content.decode()


def test_an_answer_cached_in_an_older_generation_is_ignored(client):
    ClinicFactory()
    client.get("/")
    older = listing_version.generation()
    shown, hidden = caches["listings"].get(HOME_CITIES_CACHE_KEY, version=older)
    listing_version.listings_changed()
    caches["listings"].set(HOME_CITIES_CACHE_KEY, ([{**shown[0], "clinic_count": 99}], hidden), version=older)
    assert "1 clinic<" in client.get("/").content.decode()
