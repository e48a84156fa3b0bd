"""Report a problem: a short public form on the clinic page that lands in the moderation queue."""

import re

import pytest
from django.template.loader import render_to_string
from django.test import Client

from directory.models import ProblemReport
from tests.factories import ClinicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinic():
    return ClinicFactory(slug="peachtree", name="Peachtree Test Clinic")


def report(client, slug="peachtree", **data):
    return client.post(f"/clinics/{slug}/report/", {"kind": "wrong_phone", "details": "Number rings out.", **data})


def test_a_report_lands_in_the_queue_and_the_visitor_is_thanked(client, clinic):
    response = report(client, reporter_email="visitor@example.org")
    assert response.status_code == 302 and response.url == "/clinics/peachtree/"
    saved = ProblemReport.objects.get()
    assert (saved.clinic, saved.kind, saved.status) == (clinic, "wrong_phone", "open")
    assert (saved.details, saved.reporter_email) == ("Number rings out.", "visitor@example.org")
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["Thank you. Our staff will check this listing."]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": ""}, b"This field is required."),
        ({"kind": "rude"}, b"Select a valid choice."),
        ({"details": "x" * 1001}, b"at most 1000 characters"),
        ({"reporter_email": "not-an-email"}, b"Enter a valid email address."),
        ({"details": "bad\x00byte"}, b"Null characters are not allowed."),
    ],
)
def test_bad_input_is_a_400_page_showing_the_form_again(client, clinic, data, message):
    response = report(client, **data)
    assert response.status_code == 400
    assert message in response.content
    assert b'action="/clinics/peachtree/report/"' in response.content
    assert not ProblemReport.objects.exists()


def test_the_form_is_kept_when_shown_again(client, clinic):
    response = report(client, kind="closed", details="Moved away?", reporter_email="bad")
    assert b'value="closed" checked' in response.content
    assert b"Moved away?" in response.content


def test_unknown_or_unpublished_clinic_is_404(client, clinic):
    ClinicFactory(slug="hidden", published=False)
    assert report(client, slug="nope").status_code == 404
    assert report(client, slug="hidden").status_code == 404


def test_only_post_is_accepted(client, clinic):
    assert client.get("/clinics/peachtree/report/").status_code == 405


def test_csrf_token_is_required(clinic):
    assert report(Client(enforce_csrf_checks=True)).status_code == 403
    assert not ProblemReport.objects.exists()


def test_reports_are_rate_limited_per_address(client, clinic, settings):
    settings.RATELIMITS = {**settings.RATELIMITS, "report": (3, 3600)}
    for _ in range(3):
        assert report(client).status_code == 302
    response = report(client)
    assert response.status_code == 429
    assert b"try again" in response.content.lower()
    assert ProblemReport.objects.count() == 3
    other = Client(REMOTE_ADDR="203.0.113.9")
    assert report(other).status_code == 302


def test_the_partial_offers_exactly_the_report_kinds(clinic):
    html = render_to_string("includes/_report_problem.html", {"clinic": clinic})
    assert re.findall(r'name="kind" value="([a-z_]+)"', html) == list(ProblemReport.Kind.values)
    assert 'action="/clinics/peachtree/report/"' in html
