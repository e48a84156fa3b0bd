"""POST /api/referrals/ and GET /api/referrals/<id>/."""

import json

import pytest
from django.test import Client

from referrals.models import Referral, ReferralStatusChange, ReferrerApiToken, hash_secret

from .helpers import PATIENT, crisis_answers, referral_body, suitable_answers

URL = "/api/referrals/"


def post(client, body, **extra):
    return client.post(URL, data=json.dumps(body), content_type="application/json", **extra)


@pytest.mark.django_db
def test_self_referral_created(client, referral_clinic):
    response = post(client, referral_body(referral_clinic.slug))
    assert response.status_code == 201
    data = response.json()
    assert set(data) == {"id", "status", "outcome", "tracking_url"}
    assert data["status"] == "sent" and data["outcome"] == "suitable"
    referral = Referral.objects.get(pk=data["id"])
    token = data["tracking_url"].rstrip("/").rsplit("/", 1)[1]
    assert referral.tracking_token_hash == hash_secret(token)
    assert token not in json.dumps(list(Referral.objects.values()), default=str)
    assert referral.referrer is None
    assert referral.consent_given_at and referral.consent_text_version
    assert referral.ruleset_version and referral.answers == suitable_answers()
    assert list(referral.status_changes.values_list("from_status", "to_status")) == [("", "sent")]
    assert client.get(data["tracking_url"]).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("consent", [False, None, "yes", "true"])
def test_no_consent_is_400(client, referral_clinic, consent):
    body = referral_body(referral_clinic.slug, consent=consent)
    response = post(client, body)
    assert response.status_code == 400
    assert "consent" in response.json()["errors"]
    assert not Referral.objects.exists()


@pytest.mark.django_db
def test_missing_consent_key_is_400(client, referral_clinic):
    body = referral_body(referral_clinic.slug)
    del body["consent"]
    assert post(client, body).status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize(
    "answers, field",
    [
        (crisis_answers(), "answers"),
        (suitable_answers(ketamine_allergy="yes"), "answers"),
        (suitable_answers(condition="migraine"), "clinic"),
    ],
)
def test_refused_referrals_are_422(client, referral_clinic, answers, field):
    response = post(client, referral_body(referral_clinic.slug, answers=answers))
    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert not Referral.objects.exists()


@pytest.mark.django_db
def test_clinic_that_takes_no_referrals_is_422(client, referral_clinic):
    referral_clinic.accepts_referrals = False
    referral_clinic.save()
    response = post(client, referral_body(referral_clinic.slug))
    assert response.status_code == 422
    assert "clinic" in response.json()["errors"]


@pytest.mark.django_db
def test_clinic_without_a_fitting_treatment_is_422(client, referral_clinic):
    referral_clinic.treatments.set(referral_clinic.treatments.filter(slug="esketamine-nasal-spray"))
    body = referral_body(referral_clinic.slug, answers=suitable_answers(vascular_history="yes"))
    assert post(client, body).status_code == 422


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change, field",
    [
        ({"clinic": "no-such-clinic"}, "clinic"),
        ({"clinic": None}, "clinic"),
        ({"patient": "Jane"}, "patient"),
        ({"patient": PATIENT | {"first_name": ""}}, "patient.first_name"),
        ({"patient": PATIENT | {"email": "not-an-email"}}, "patient.email"),
        ({"patient": PATIENT | {"email": "", "phone": ""}}, "patient.email"),
        ({"patient": PATIENT | {"preferred_contact": "pigeon"}}, "patient.preferred_contact"),
        ({"patient": PATIENT | {"email": "", "preferred_contact": "email"}}, "patient.preferred_contact"),
        ({"patient": PATIENT | {"shoe_size": "9"}}, "patient.shoe_size"),
        ({"note": 5}, "note"),
        ({"answers": suitable_answers(age_18_or_over="yes")}, "age_18_or_over"),
    ],
)
def test_bad_input_is_400_naming_the_field(client, referral_clinic, change, field):
    response = post(client, referral_body(referral_clinic.slug, **change))
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]


@pytest.mark.django_db
def test_malformed_json_is_400(client):
    response = client.post(URL, data="{oops", content_type="application/json")
    assert response.status_code == 400
    assert "__all__" in response.json()["errors"]


@pytest.mark.django_db
def test_idempotency_key_returns_the_same_referral(client, referral_clinic):
    body = referral_body(referral_clinic.slug)
    first = post(client, body, HTTP_IDEMPOTENCY_KEY="abc-123")
    second = post(client, body, HTTP_IDEMPOTENCY_KEY="abc-123")
    assert first.status_code == 201 and second.status_code == 200
    # Anonymous: the replay says only that it was one (issue 13, tests/security/test_idempotency_scope.py).
    assert second.json() == {"id": None, "status": None, "outcome": None, "tracking_url": None, "replayed": True}
    assert Referral.objects.count() == 1
    assert ReferralStatusChange.objects.count() == 1
    other = post(client, referral_body(referral_clinic.slug, note="Different"), HTTP_IDEMPOTENCY_KEY="abc-123")
    assert other.status_code == 422
    assert post(client, body, HTTP_IDEMPOTENCY_KEY="another").status_code == 201


@pytest.mark.django_db
def test_idempotency_keys_are_per_referrer(referral_clinic, referrer, other_referrer):
    _, key_a = ReferrerApiToken.issue(user=referrer)
    _, key_b = ReferrerApiToken.issue(user=other_referrer)
    body = referral_body(referral_clinic.slug)
    a = post(Client(), body, HTTP_AUTHORIZATION=f"Token {key_a}", HTTP_IDEMPOTENCY_KEY="same")
    b = post(Client(), body, HTTP_AUTHORIZATION=f"Token {key_b}", HTTP_IDEMPOTENCY_KEY="same")
    assert a.status_code == b.status_code == 201
    assert a.json()["id"] != b.json()["id"]


@pytest.mark.django_db
def test_token_auth_makes_the_referrer(referral_clinic, referrer):
    token, key = ReferrerApiToken.issue(user=referrer, name="EHR")
    response = post(
        Client(enforce_csrf_checks=True), referral_body(referral_clinic.slug), HTTP_AUTHORIZATION=f"Token {key}"
    )
    assert response.status_code == 201
    assert Referral.objects.get().referrer == referrer
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert token.key_hash == hash_secret(key) and key not in token.key_hash


@pytest.mark.django_db
@pytest.mark.parametrize("header", ["Token nope", "Bearer abc", "Token "])
def test_bad_token_is_401(referral_clinic, header):
    response = post(Client(), referral_body(referral_clinic.slug), HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert not Referral.objects.exists()


@pytest.mark.django_db
def test_revoked_token_is_401(referral_clinic, referrer):
    from django.utils import timezone

    token, key = ReferrerApiToken.issue(user=referrer)
    token.revoked_at = timezone.now()
    token.save()
    assert post(Client(), referral_body(referral_clinic.slug), HTTP_AUTHORIZATION=f"Token {key}").status_code == 401


@pytest.mark.django_db
def test_session_requests_must_send_the_csrf_token(referral_clinic, referrer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(referrer)
    refused = post(client, referral_body(referral_clinic.slug))
    assert refused.status_code == 403
    assert "errors" in refused.json()
    client.get("/referrals/")  # any page sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    accepted = post(client, referral_body(referral_clinic.slug), HTTP_X_CSRFTOKEN=csrf)
    assert accepted.status_code == 201
    assert Referral.objects.get().referrer == referrer


@pytest.mark.django_db
def test_logged_in_non_referrer_refers_themself(client, referral_clinic, clinic_staff):
    client.force_login(clinic_staff)
    assert post(client, referral_body(referral_clinic.slug)).status_code == 201
    assert Referral.objects.get().referrer is None


# --- GET /api/referrals/<id>/ ------------------------------------------------------------


@pytest.fixture
def sent_by_referrer(make_referral, referrer):
    referral, _ = make_referral(referrer=referrer)
    return referral


def detail(client, referral):
    return client.get(f"{URL}{referral.pk}/")


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["referrer", "clinic_staff", "superuser"])
def test_allowed_viewers_see_the_referral_with_history(client, sent_by_referrer, who, request):
    client.force_login(request.getfixturevalue(who))
    response = detail(client, sent_by_referrer)
    assert response.status_code == 200
    data = response.json()
    assert data["id"] == sent_by_referrer.pk
    assert data["status"] == "sent"
    assert data["patient"]["first_name"] == PATIENT["first_name"]
    assert [h["to_status"] for h in data["history"]] == ["sent"]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["other_referrer", "other_clinic_staff", None])
def test_anyone_else_gets_404(client, sent_by_referrer, who, request):
    if who:
        client.force_login(request.getfixturevalue(who))
    response = detail(client, sent_by_referrer)
    assert response.status_code == 404
    assert PATIENT["first_name"] not in response.content.decode()


@pytest.mark.django_db
def test_referrer_token_reads_own_referral_only(sent_by_referrer, referrer, other_referrer):
    _, mine = ReferrerApiToken.issue(user=referrer)
    _, theirs = ReferrerApiToken.issue(user=other_referrer)
    assert Client().get(f"{URL}{sent_by_referrer.pk}/", HTTP_AUTHORIZATION=f"Token {mine}").status_code == 200
    assert Client().get(f"{URL}{sent_by_referrer.pk}/", HTTP_AUTHORIZATION=f"Token {theirs}").status_code == 404


@pytest.mark.django_db
def test_site_staff_get_404_they_are_not_parties(client, sent_by_referrer):
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    staff = UserFactory(username="moderator-fictional", is_staff=True)
    staff.groups.add(Group.objects.get(name="Site staff"))
    client.force_login(staff)
    response = detail(client, sent_by_referrer)
    assert response.status_code == 404 and PATIENT["last_name"] not in response.content.decode()


@pytest.mark.django_db
def test_unknown_id_is_404_json(client, superuser):
    client.force_login(superuser)
    response = client.get(f"{URL}999999/")
    assert response.status_code == 404
    assert "errors" in response.json()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change, field",
    [
        ({"patient": PATIENT | {"phone": "12345"}}, "patient.phone"),
        ({"note": "x" * 2001}, "note"),
        ({"patient": PATIENT | {"first_name": "x" * 101}}, "patient.first_name"),
    ],
)
def test_contact_details_are_checked(client, referral_clinic, change, field):
    response = post(client, referral_body(referral_clinic.slug, **change))
    assert response.status_code == 400
    assert field in response.json()["errors"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [
        {"clinic": "no-such-clinic"},
        {"clinic": None},
        {"patient": "not an object"},
        {"consent": False},
    ],
)
def test_a_crisis_answer_refuses_the_referral_before_any_other_check(client, referral_clinic, change):
    body = referral_body(referral_clinic.slug, answers={**crisis_answers(), "condition": "bogus"}) | change
    response = post(client, body)
    assert response.status_code == 422
    data = response.json()
    assert data["outcome"] == "crisis" and "answers" in data["errors"]
    assert any("988" in line["contact"] for line in data["crisis_resources"])
    assert not Referral.objects.exists()


@pytest.mark.django_db
def test_an_unreadable_suicide_risk_answer_carries_the_crisis_lines(client, referral_clinic):
    body = referral_body(referral_clinic.slug, answers=suitable_answers(suicide_intent_or_plan="yes"))
    response = post(client, body)
    assert response.status_code == 400
    assert "suicide_intent_or_plan" in response.json()["errors"]
    assert response.json()["crisis_resources"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/prescreen/", URL])
def test_a_rate_limited_answer_still_carries_the_crisis_lines(client, settings, referral_clinic, url):
    settings.RATELIMIT_ENABLED = True
    settings.RATELIMITS = {**settings.RATELIMITS, "prescreen": (1, 60), "referral": (1, 60)}
    body = referral_body(referral_clinic.slug, answers=crisis_answers())
    post_to = lambda: client.post(url, data=json.dumps(body), content_type="application/json")  # noqa: E731
    post_to()
    refused = post_to()
    assert refused.status_code == 429 and "__all__" in refused.json()["errors"]
    assert any("988" in line["contact"] for line in refused.json()["crisis_resources"])
