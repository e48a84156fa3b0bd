"""With CSRF checks on, as browsers get them, a wrong method on any JSON endpoint is still a JSON 405."""

import pytest
from django.test import Client

from tests.security.world import build_world

pytestmark = pytest.mark.django_db

GET_ONLY = ["/api/clinics/", "/api/places/", "/api/hsds/services", "/api/export/hsds/", "/api/referrals/1/"]


@pytest.mark.parametrize("url", GET_ONLY)
@pytest.mark.parametrize("logged_in", [False, True], ids=["anonymous", "session"])
def test_a_post_without_a_csrf_token_is_a_json_405_not_an_html_403(settings, url, logged_in):
    settings.RATELIMIT_ENABLED = False
    client = Client(enforce_csrf_checks=True)
    if logged_in:
        client.force_login(build_world().referrer_a)
    response = client.post(url, "{}", content_type="application/json")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    assert "GET" in response["Allow"]
