"""A visitor's coordinates ("Use my location" fills near=lat,lng) never reach the logs."""

from __future__ import annotations

import logging

import pytest

from config.privacy import RedactPatientDataFilter, redact

COORDINATES = ("33.749", "-84.388", "33.749%2C-84.388")


@pytest.mark.parametrize(
    "line",
    [
        '127.0.0.1 - - "GET /clinics/?near=33.749%2C-84.388&radius=25 HTTP/1.1" 200 5120',
        "Bad Request: /api/clinics/?near=33.749,-84.388",
        "GET http://127.0.0.1:8000/api/places/?q=33.749,-84.388&limit=8",
    ],
)
def test_coordinates_in_a_query_string_are_removed(line):
    cleaned = redact(line)
    assert not [part for part in COORDINATES if part in cleaned]


@pytest.mark.django_db
@pytest.mark.parametrize("near", ["33.749,-84.388", "51.500,-0.120"])  # found, and refused (outside the US)
def test_a_search_near_coordinates_logs_no_coordinates(client, caplog, near):
    with caplog.at_level(logging.DEBUG):
        client.get("/clinics/", {"near": near, "radius": "25"})
        client.get("/api/clinics/", {"near": near})
    redactor = RedactPatientDataFilter()
    for record in caplog.records:
        redactor.filter(record)
        text = record.getMessage()
        assert near.split(",")[0] not in text and near.split(",")[1] not in text
