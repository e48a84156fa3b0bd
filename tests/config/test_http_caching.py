"""ETag and 304, Cache-Control and Vary for each kind of page, HEAD on the export (docs/API.md, "HTTP")."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import Client

from config.cache_policy import CachePolicyMiddleware
from directory.api import headers
from tests.directory.admin_world import change_form_data
from tests.factories import ClinicFactory
from tests.security.world import build_world

pytestmark = pytest.mark.django_db

PUBLIC_API = ["/api/clinics/", "/api/hsds/services", "/api/hsds/organizations", "/api/export/hsds/"]


def directives(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


def vary(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",")}


@pytest.fixture
def clinic(db):
    return ClinicFactory(name="Peachtree Ketamine", published=True)


@pytest.fixture
def world(settings):
    settings.RATELIMIT_ENABLED = False
    return build_world()


@pytest.mark.parametrize("url", [*PUBLIC_API, "/api/clinics/peachtree/"])
def test_the_public_api_answers_304_to_its_own_etag(client, url):
    ClinicFactory(slug="peachtree", published=True)
    first = client.get(url)
    assert first.status_code == 200
    etag = first["ETag"]
    again = client.get(url, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    # A 304 says what the 200 said about caching (RFC 9110 15.4.5).
    assert again["ETag"] == etag
    assert directives(again) == {"public", "max-age=60"}
    assert client.get(url, headers={"if-none-match": '"something-else"'}).status_code == 200


def test_a_listing_change_gives_a_new_etag_and_a_full_answer(client, clinic, admin_user):
    etag = client.get("/api/clinics/")["ETag"]
    staff = Client()
    staff.force_login(admin_user)
    url = f"/admin/directory/clinic/{clinic.pk}/change/"
    saved = staff.post(url, change_form_data(staff.get(url), name="Peachtree Ketamine Wellness"))
    assert saved.status_code == 302, saved.content[:2000]
    response = client.get("/api/clinics/", headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert response.json()["results"][0]["name"] == "Peachtree Ketamine Wellness"


def test_the_etag_follows_the_language_and_the_clock_window(client, clinic, monkeypatch):
    english = client.get("/api/clinics/")["ETag"]
    spanish = client.get("/api/clinics/", headers={"accept-language": "es"})["ETag"]
    assert english != spanish
    # open_now and availability older than 14 days follow the clock: a new window, a new ETag.
    window = headers.clock_window()
    monkeypatch.setattr(headers, "clock_window", lambda: window + 1)
    response = client.get("/api/clinics/", headers={"if-none-match": english})
    assert response.status_code == 200 and response["ETag"] != english


def test_an_error_has_no_etag_and_is_not_cached(client, clinic):
    response = client.get("/api/clinics/?radius=9000&near=30303")
    assert response.status_code == 400
    assert "ETag" not in response
    assert "public" not in directives(response)
    missing = client.get("/api/clinics/no-such-clinic/")
    assert missing.status_code == 404 and "ETag" not in missing


def test_the_anonymous_api_may_be_cached_publicly_for_a_minute(client, clinic):
    response = client.get("/api/clinics/")
    assert directives(response) == {"public", "max-age=60"}
    # The language may come from Accept-Language or the language cookie.
    assert {"accept-language", "cookie"} <= vary(response)
    places = client.get("/api/places/?q=atl")
    assert directives(places) == {"public", "max-age=3600"}
    assert "ETag" not in places  # the gazetteer is not made of the listings


def test_the_api_is_never_cached_publicly_for_a_logged_in_user(client, world):
    client.force_login(world.referrer_a)
    response = client.get("/api/clinics/")
    assert response.status_code == 200
    assert directives(response) == {"private", "max-age=60"}
    assert "cookie" in vary(response)


def test_the_api_with_a_token_is_not_cached_publicly(client, world):
    response = client.get("/api/clinics/", headers={"authorization": f"Token {world.api_key_a}"})
    assert "public" not in directives(response)


def test_referrals_by_api_are_never_stored(client, world):
    client.force_login(world.referrer_a)
    detail = client.get(f"/api/referrals/{world.referral_a.pk}/")
    assert detail.status_code == 200
    assert {"private", "no-store"} <= directives(detail)
    prescreen = client.post("/api/prescreen/", {"answers": {}}, content_type="application/json")
    assert "no-store" in directives(prescreen)


def test_fhir_answers_are_never_stored(client):
    assert "no-store" in directives(client.get("/fhir/metadata"))


def test_anonymous_pages_are_private_and_checked_again(client, clinic):
    for url in ["/", "/clinics/", f"/clinics/{clinic.slug}/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert directives(response) == {"private", "no-cache"}, url
        assert "cookie" in vary(response), url  # the page carries a CSRF token


@pytest.mark.parametrize(
    "url",
    ["/", "/clinics/", "/referrals/", "/admin/", "/prescreen/"],
)
def test_pages_for_a_logged_in_user_are_never_stored(client, world, url):
    client.force_login(world.superuser)
    response = client.get(url)
    assert response.status_code == 200, url
    assert "no-store" in directives(response), url
    assert "public" not in directives(response), url


def test_the_tracking_page_is_never_stored(client, world):
    response = client.get(f"/referrals/track/{world.token_a}/")
    assert response.status_code == 200
    assert "no-store" in directives(response)


@pytest.mark.parametrize(
    ("cookies", "sets_cookie"), [({}, True), ({"sessionid": "abc"}, False)], ids=["sets-a-cookie", "has-a-session"]
)
def test_public_never_survives_a_cookie_or_a_session(rf, cookies, sets_cookie):
    """Whatever a view says, a response that sets a cookie, or answers a session, is kept private."""

    def view(request):
        response = HttpResponse("x")
        response["Cache-Control"] = "public, max-age=60"
        if sets_cookie:
            response.set_cookie("flavour", "oat")
        return response

    request = rf.get("/anything/")
    request.COOKIES.update(cookies)
    assert directives(CachePolicyMiddleware(view)(request)) == {"private", "max-age=60"}
    assert directives(CachePolicyMiddleware(view)(rf.get("/anything/"))) == (
        {"private", "max-age=60"} if sets_cookie else {"public", "max-age=60"}
    )


def test_head_on_the_export_sends_the_headers_without_building_it(client, clinic, django_assert_max_num_queries):
    with django_assert_max_num_queries(0):
        response = client.head("/api/export/hsds/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "ETag" in response and directives(response) == {"public", "max-age=60"}
    # Streamed: no Content-Length on GET or HEAD (docs/API.md).
    assert "Content-Length" not in response
    assert b"".join(response.streaming_content) == b""
    full = client.get("/api/export/hsds/")
    assert full.streaming and "Content-Length" not in full
    assert full["ETag"] == response["ETag"]
    assert b"Peachtree Ketamine" in b"".join(full.streaming_content)


def test_a_compressed_answer_revalidates_with_its_weak_etag(client):
    for number in range(3):
        ClinicFactory(name=f"Clinic {number}", published=True)
    packed = client.get("/api/clinics/", headers={"accept-encoding": "gzip"})
    assert packed["Content-Encoding"] == "gzip"
    assert packed["ETag"].startswith('W/"')  # GZipMiddleware weakens it: the bytes differ from the plain answer
    again = client.get("/api/clinics/", headers={"accept-encoding": "gzip", "if-none-match": packed["ETag"]})
    assert again.status_code == 304
