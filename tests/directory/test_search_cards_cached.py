"""A clinic's card is drawn once a minute and shared by every search that shows it at that distance."""

from __future__ import annotations

import re

import pytest

from directory.listing_version import listings_changed
from directory.models import Clinic
from directory.views import cards

pytestmark = pytest.mark.django_db


@pytest.fixture
def drawn(monkeypatch):
    """The clinics whose card was rendered (not read from the cache), in order."""
    seen: list[int] = []
    real = cards.get_template

    class Spy:
        def __init__(self, template):
            self.template = template

        def render(self, context):
            seen.append(context["row"].clinic.pk)
            return self.template.render(context)

    monkeypatch.setattr(cards, "get_template", lambda name: Spy(real(name)))
    return seen


def distances(page: str) -> list[str]:
    return re.findall(r'<p class="distance">([^<]+)</p>', page)


def test_another_search_showing_the_same_clinics_reuses_their_cards(client, clinic_at, drawn):
    near, far = clinic_at(2, name="Harbor Light"), clinic_at(12, name="Lantern House")
    first = client.get("/clinics/?near=30303").content.decode()
    assert sorted(drawn) == sorted([near.pk, far.pk])
    drawn.clear()
    wider = client.get("/clinics/?near=30303&radius=40").content.decode()
    assert drawn == []
    assert distances(wider) == distances(first) == ["2.0 mi away", "12 mi away"]


def test_a_card_follows_the_distance_and_the_listing(client, clinic_at, drawn):
    clinic = clinic_at(2, name="Harbor Light")
    client.get("/clinics/?near=30303")
    drawn.clear()
    elsewhere = client.get("/clinics/?near=33.80,-84.39&radius=40").content.decode()
    assert drawn == [clinic.pk]
    assert distances(elsewhere) != ["2.0 mi away"]
    Clinic.objects.filter(pk=clinic.pk).update(name="Lantern House")
    listings_changed()
    drawn.clear()
    renamed = client.get("/clinics/?near=30303").content.decode()
    assert drawn == [clinic.pk] and "Lantern House" in renamed and "Harbor Light" not in renamed


def test_each_language_gets_its_own_card(client, clinic_at, drawn):
    clinic_at(2, name="Harbor Light", accepting_new_patients=True)
    english = client.get("/clinics/?near=30303").content.decode()
    spanish = client.get("/clinics/?near=30303&radius=30", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert len(drawn) == 2
    assert "Accepting new patients" in english and "Accepting new patients" not in spanish
