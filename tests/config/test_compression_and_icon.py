"""Pages are gzip-compressed for clients that ask, keep their security headers; /favicon.ico answers."""

from __future__ import annotations

import gzip
import json

import pytest

pytestmark = pytest.mark.django_db


def test_html_is_compressed_and_keeps_its_security_headers(client):
    plain = client.get("/")
    packed = client.get("/", HTTP_ACCEPT_ENCODING="gzip")
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(packed.content).decode().startswith("<!doctype html>")
    assert len(packed.content) < len(plain.content) / 2
    for header in ("Content-Security-Policy", "Referrer-Policy", "X-Content-Type-Options"):
        assert packed[header] == plain[header]


def test_streamed_json_is_compressed_chunk_by_chunk(client):
    from django.http import StreamingHttpResponse
    from django.middleware.gzip import GZipMiddleware
    from django.test import RequestFactory

    request = RequestFactory().get("/x", HTTP_ACCEPT_ENCODING="gzip")
    stream = StreamingHttpResponse((json.dumps({"n": n}) + "\n" for n in range(500)), content_type="application/json")
    response = GZipMiddleware(lambda r: stream)(request)
    assert response.streaming and response["Content-Encoding"] == "gzip"
    lines = gzip.decompress(b"".join(response.streaming_content)).decode().splitlines()
    assert [json.loads(line)["n"] for line in lines] == list(range(500))


def test_favicon_is_an_icon_not_a_404(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert "max-age=86400" in response["Cache-Control"]
    body = b"".join(response.streaming_content)
    assert body[:4] == b"\x00\x00\x01\x00"  # the ICO header
    assert client.post("/favicon.ico").status_code == 405
