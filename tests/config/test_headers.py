import re
from html.parser import HTMLParser

import pytest
from django.template import TemplateDoesNotExist

from tests.factories import UserFactory

EXPECTED_CSP = (
    "default-src 'self'; img-src 'self' data: https://*.tile.openstreetmap.org; script-src 'self'; "
    "style-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'"
)


def assert_security_headers(response):
    assert response["Content-Security-Policy"] == EXPECTED_CSP
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = response["Permissions-Policy"]
    assert "geolocation=(self)" in permissions
    assert "camera=()" in permissions
    assert "microphone=()" in permissions


@pytest.mark.django_db
def test_headers_on_a_page(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.django_db
@pytest.mark.urls("tests.config.urls_ratelimit")
def test_headers_on_an_api_response(client):
    response = client.post("/api/limited/", {}, content_type="application/json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert_security_headers(response)


@pytest.mark.django_db
def test_headers_on_an_error_response(client):
    response = client.get("/api/no-such-endpoint/")
    assert response.status_code == 404
    assert_security_headers(response)


class InlineCodeFinder(HTMLParser):
    """Collects what a CSP without 'unsafe-inline' would block."""

    DATA_TYPES = {"application/ld+json", "application/json"}

    def __init__(self):
        super().__init__()
        self.blocked: list[str] = []
        self._in_inline_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "style" in attributes:
            self.blocked.append(f"style attribute on <{tag}>")
        if any(name.startswith("on") for name in attributes):
            self.blocked.append(f"event handler on <{tag}>")
        if tag == "style":
            self.blocked.append("<style> element")
        if tag == "script" and not attributes.get("src") and attributes.get("type") not in self.DATA_TYPES:
            self._in_inline_script = True
        for name in ("href", "action", "src"):
            if (attributes.get(name) or "").strip().lower().startswith("javascript:"):
                self.blocked.append(f"javascript: URL on <{tag}>")

    def handle_data(self, data):
        if self._in_inline_script and data.strip():
            self.blocked.append(f"inline script: {data.strip()[:60]}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_inline_script = False


def blocked_by_csp(html: str) -> list[str]:
    finder = InlineCodeFinder()
    finder.feed(html)
    return finder.blocked


def test_the_finder_spots_inline_code():
    html = '<p style="x"></p><script>alert(1)</script><script type="application/ld+json">{}</script>'
    assert blocked_by_csp(html) == ["style attribute on <p>", "inline script: alert(1)"]


@pytest.fixture
def superuser_client(client, db):
    user = UserFactory(username="csp-admin", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


ADMIN_PAGES = ["/admin/", "/admin/auth/user/", "/admin/auth/user/add/", "/admin/auth/group/add/", "/admin/jsi18n/"]


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_admin_pages_work_under_the_policy(superuser_client, path):
    response = superuser_client.get(path)
    assert response.status_code == 200
    assert "Content-Security-Policy" in response
    if response["Content-Type"].startswith("text/html"):
        assert blocked_by_csp(response.content.decode()) == []


def test_admin_change_form_works_under_the_policy(superuser_client):
    user = UserFactory(username="someone")
    response = superuser_client.get(f"/admin/auth/user/{user.pk}/change/")
    assert response.status_code == 200
    assert blocked_by_csp(response.content.decode()) == []


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/clinics/", "/prescreen/", "/accounts/login/", "/admin/login/"])
def test_public_pages_need_no_inline_code(client, path):
    """Pages the policy would break are caught here, before a browser does it silently."""
    try:
        response = client.get(path)
    except TemplateDoesNotExist:
        pytest.skip(f"{path} has no template yet")
    if response.status_code == 404 or not response["Content-Type"].startswith("text/html"):
        pytest.skip(f"{path} is not a page yet")
    assert re.match(r"^[23]\d\d$", str(response.status_code))
    assert blocked_by_csp(response.content.decode()) == []
