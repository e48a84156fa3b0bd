"""Issue 13, finding 8: an Idempotency-Key answers only to the caller it belongs to.

Keys were shared by every anonymous caller: a stranger who reused a key with the same
body was told another person's referral id and status. Now a referrer's keys and a
logged-in person's keys are theirs alone, and an anonymous replay names no referral.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client

from referrals.models import Referral
from tests.factories import UserFactory
from tests.referrals.helpers import referral_body
from tests.security.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings):
    settings.RATELIMIT_ENABLED = False
    return build_world()


def post(client, body, key, **headers):
    return client.post(
        "/api/referrals/", json.dumps(body), content_type="application/json", HTTP_IDEMPOTENCY_KEY=key, **headers
    )


def test_a_stranger_reusing_an_anonymous_key_learns_no_id_or_status(world):
    body = referral_body(world.clinic_a.slug)
    first = post(Client(), body, "patient-key-1")
    assert first.status_code == 201
    stranger = post(Client(), body, "patient-key-1")
    assert stranger.status_code == 200
    assert stranger.json() == {"id": None, "status": None, "outcome": None, "tracking_url": None, "replayed": True}
    assert str(first.json()["id"]) not in stranger.content.decode().replace("null", "")
    assert Referral.objects.filter(idempotency_key="patient-key-1").count() == 1


def test_a_logged_in_self_referrers_key_is_theirs_alone(world):
    person = UserFactory(username="self-referrer")
    mine = Client()
    mine.force_login(person)
    body = referral_body(world.clinic_a.slug)
    csrf = {"HTTP_X_CSRFTOKEN": "x"}  # the test client skips the CSRF check unless asked
    first = post(mine, body, "k-1", **csrf)
    assert first.status_code == 201
    again = post(mine, body, "k-1", **csrf)
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"] and again.json()["replayed"]
    # The same key from anyone else is a different key: a new referral, or another person's own.
    anonymous = post(Client(), body, "k-1")
    assert anonymous.status_code == 201 and anonymous.json()["id"] != first.json()["id"]
    other = Client()
    other.force_login(UserFactory(username="someone-else"))
    theirs = post(other, body, "k-1", **csrf)
    assert theirs.status_code == 201 and theirs.json()["id"] not in (first.json()["id"], anonymous.json()["id"])
    assert Referral.objects.count() == 2 + 3  # the world's two and these three


def test_a_referrers_key_is_not_an_anonymous_key(world):
    body = referral_body(world.clinic_a.slug)
    by_token = post(Client(), body, "ehr-42", HTTP_AUTHORIZATION=f"Token {world.api_key_a}")
    assert by_token.status_code == 201
    anonymous = post(Client(), body, "ehr-42")
    assert anonymous.status_code == 201 and anonymous.json()["id"] != by_token.json()["id"]
    replay = post(Client(), body, "ehr-42", HTTP_AUTHORIZATION=f"Token {world.api_key_a}")
    assert replay.status_code == 200 and replay.json()["id"] == by_token.json()["id"]
