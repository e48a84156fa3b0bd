"""A shared link shows a preview: Open Graph and Twitter card tags, the clinic's own on its page."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def meta(page: str) -> dict[str, str]:
    found = re.findall(r'<meta (?:property|name)="((?:og|twitter):[a-z:_]+)" content="([^"]*)"', page)
    return dict(found)


def test_clinic_page_previews_the_clinic(client, clinic_at):
    clinic_at(1, name="Preview Pretend Clinic", slug="preview-pretend", description="A fictional clinic for a test.")
    tags = meta(client.get("/clinics/preview-pretend/").content.decode())
    assert tags["og:title"] == "Preview Pretend Clinic · Atlanta, GA"
    assert tags["og:description"] == "A fictional clinic for a test."
    assert tags["og:url"] == "http://testserver/clinics/preview-pretend/"
    assert re.fullmatch(r"http://testserver/static/img/icon-256\.png", tags["og:image"])
    assert tags["twitter:card"] == "summary"


def test_every_page_has_the_site_preview(client):
    tags = meta(client.get("/").content.decode())
    assert tags["og:site_name"] == "Ketamine Clinic Finder" and tags["og:type"] == "website"
    assert tags["og:url"] == "http://testserver/" and tags["og:locale"] == "en_US"
