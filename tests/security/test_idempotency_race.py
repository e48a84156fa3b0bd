"""Two submissions with one Idempotency-Key at the same moment: one referral, and both answered.

Found by benchmarks/load_test.py: a twin that passed the replay check just before the other
committed failed model validation (the unique constraint) and got a 400.
"""

from __future__ import annotations

import json

import pytest

from referrals import services
from referrals.models import Referral
from tests.referrals.helpers import referral_body
from tests.security.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def post(client, body, **headers):
    return client.post("/api/referrals/", json.dumps(body), content_type="application/json", **headers)


@pytest.mark.parametrize("by_token", [False, True], ids=["anonymous", "referrer-token"])
def test_a_twin_that_lost_the_race_is_answered_as_a_replay(client, world, monkeypatch, by_token):
    headers = {"HTTP_IDEMPOTENCY_KEY": "twin-1"}
    if by_token:
        headers["HTTP_AUTHORIZATION"] = f"Token {world.api_key_a}"
    body = referral_body(world.clinic_a.slug)
    first = post(client, body, **headers)
    assert first.status_code == 201

    real_replay = services._replay
    looks = []

    def replay_that_looked_too_early(**kwargs):
        # The twin's first look happens before the other request committed: it sees nothing.
        looks.append(kwargs["idempotency_key"])
        return None if len(looks) == 1 else real_replay(**kwargs)

    monkeypatch.setattr(services, "_replay", replay_that_looked_too_early)
    twin = post(client, body, **headers)
    assert twin.status_code == 200, twin.content
    # A referrer is told the id again; an anonymous caller only that it was a replay (issue 13, finding 8).
    assert twin.json()["id"] == (first.json()["id"] if by_token else None) and twin.json()["replayed"] is True
    assert Referral.objects.filter(idempotency_key="twin-1").count() == 1
    assert looks == ["twin-1", "twin-1"]  # looked, hit the unique constraint, looked again
