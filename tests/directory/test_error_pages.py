"""Error handlers: JSON under /api/, friendly pages elsewhere."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from directory.views import errors

pytestmark = pytest.mark.django_db

TOO_MANY = "&".join(f"p{i}=1" for i in range(1100))  # past DATA_UPLOAD_MAX_NUMBER_FIELDS


def test_too_many_parameters_is_a_json_400_in_the_api(client):
    response = client.get(f"/api/clinics/?{TOO_MANY}")
    assert response.status_code == 400
    assert response.json()["errors"]["__all__"]


def test_too_many_parameters_is_a_friendly_400_page(client):
    response = client.get(f"/clinics/?{TOO_MANY}")
    assert response.status_code == 400
    assert "couldn" in response.content.decode()


def test_unknown_api_path_is_a_json_404(client):
    response = client.get("/api/no-such-thing/")
    assert response.status_code == 404
    assert response.json() == {"errors": {"__all__": ["Not found."]}}


@pytest.mark.parametrize("path, json_expected", [("/api/clinics/", True), ("/clinics/", False)])
def test_server_error_and_permission_denied_handlers(path, json_expected):
    request = RequestFactory().get(path)
    for handler, status in ((errors.server_error, 500), (errors.permission_denied, 403)):
        response = handler(request)
        assert response.status_code == status
        assert response["Content-Type"].startswith("application/json" if json_expected else "text/html")


def test_server_error_page_is_styled_within_the_content_security_policy():
    html = errors.server_error(RequestFactory().get("/clinics/")).content.decode()
    assert "style=" not in html and "<style" not in html  # style-src 'self' blocks inline styles
    assert '<link rel="stylesheet" href="/static/css/site.css">' in html
    assert '<meta name="robots" content="noindex">' in html
