"""Messages on a referral: the referrer (or a self-referral's patient) and the receiving clinic, nobody else."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.utils import timezone

from referrals.models import ReferralMessage
from referrals.retention import anonymise
from referrals.thread import MESSAGES_PER_HOUR, MessageRefused, post_message
from tests.factories import UserFactory

from .helpers import PATIENT, PATIENT_SECRETS

BODY = "Could you see her on a Tuesday? She prefers mornings."


@pytest.fixture
def site_staff(db):
    user = UserFactory(username="moderator-fictional", is_staff=True)
    user.groups.add(Group.objects.get(name="Site staff"))
    return user


@pytest.fixture
def referred(make_referral, referrer):
    return make_referral(referrer=referrer)


@pytest.fixture
def self_referral(make_referral):
    return make_referral()


def admin_url(referral, suffix="change/"):
    return f"/admin/referrals/referral/{referral.pk}/{suffix}"


def to(outbox, address):
    return [m for m in outbox if m.to == [address]]


@pytest.mark.django_db
def test_referrer_writes_and_the_clinic_is_emailed_a_link_without_the_message(
    client, referred, referrer, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "http://testserver-site"
    referral, _ = referred
    client.force_login(referrer)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/referrals/{referral.pk}/messages/", {"body": f"  {BODY}\r\n"})
    assert response.status_code == 302 and response["Location"] == f"/referrals/{referral.pk}/#messages"
    message = ReferralMessage.objects.get()
    assert (message.author_role, message.author, message.author_username, message.body) == (
        "referrer",
        referrer,
        "dr-fictional",
        BODY,
    )
    assert message.at <= timezone.now()
    [mail] = to(mailoutbox, "intake@peachtree.example.org")
    assert mail.subject == "A new message about a referral"
    assert f"http://testserver-site/admin/referrals/referral/{referral.pk}/change/" in mail.body
    assert "Tuesday" not in mail.body and "mornings" not in mail.body.lower()
    for secret in PATIENT_SECRETS:
        assert secret not in mail.body
    page = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert BODY in page and "Messages with the clinic" in page


@pytest.mark.django_db
def test_clinic_answers_in_the_admin_and_the_referrer_is_emailed_in_the_referrals_language(
    client, make_referral, referrer, clinic_staff, mailoutbox, django_capture_on_commit_callbacks
):
    referral, _ = make_referral(referrer=referrer)
    referral.language = "es"
    referral.save(update_fields=["language"])
    referrer.email = "dr.fictional@example.org"
    referrer.save()
    client.force_login(clinic_staff)
    page = client.get(admin_url(referral)).content.decode()
    assert f'action="/admin/referrals/referral/{referral.pk}/message/"' in page
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(admin_url(referral, "message/"), {"body": "Yes, Tuesday at 9 works."})
    assert response.status_code == 302
    message = ReferralMessage.objects.get()
    assert (message.author_role, message.author_username) == ("clinic", "peachtree-staff")
    [mail] = to(mailoutbox, "dr.fictional@example.org")
    assert mail.subject == "La clínica le envió un mensaje sobre su derivación"
    assert f"/referrals/{referral.pk}/" in mail.body and "Tuesday" not in mail.body
    # The thread in the admin names who wrote; on the referrer's page the clinic's staff are not named.
    assert "Yes, Tuesday at 9 works." in client.get(admin_url(referral)).content.decode()
    client.force_login(referrer)
    page = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert "Yes, Tuesday at 9 works." in page and "peachtree-staff" not in page


@pytest.mark.django_db
def test_each_party_may_or_may_not_post(
    client, referred, referrer, other_referrer, clinic_staff, other_clinic_staff, site_staff
):
    referral, token = referred
    url = f"/referrals/{referral.pk}/messages/"
    expected = {other_referrer: 404, clinic_staff: 404, other_clinic_staff: 404, site_staff: 404, referrer: 302}
    for user, status in expected.items():
        client.force_login(user)
        assert client.post(url, {"body": BODY}).status_code == status, user.username
        client.logout()
    assert client.post(url, {"body": BODY})["Location"].startswith("/accounts/login/")  # anonymous
    # The patient of a referral a referrer sent: the thread is the referrer's, so no form and a 403.
    assert "Messages with the clinic" not in client.get(f"/referrals/track/{token}/").content.decode()
    assert client.post(f"/referrals/track/{token}/messages/", {"body": BODY}).status_code == 403
    assert client.post("/referrals/track/not-a-token/messages/", {"body": BODY}).status_code == 404
    # In the admin only the receiving clinic writes.
    admin_expected = {other_clinic_staff: 404, site_staff: 403, clinic_staff: 302}
    for user, status in admin_expected.items():
        client.force_login(user)
        assert client.post(admin_url(referral, "message/"), {"body": BODY}).status_code == status, user.username
    assert client.get(admin_url(referral, "message/")).status_code == 405
    assert list(ReferralMessage.objects.values_list("author_role", flat=True)) == ["referrer", "clinic"]


@pytest.mark.django_db
def test_patient_of_a_self_referral_talks_with_the_clinic_through_the_link(
    client, self_referral, clinic_staff, mailoutbox, django_capture_on_commit_callbacks
):
    referral, token = self_referral
    track = f"/referrals/track/{token}/"
    assert "Messages with the clinic" in client.get(track).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{track}messages/", {"body": "Can I come in the evening?"})
    assert response.status_code == 302 and response["Location"] == f"{track}#messages"
    message = ReferralMessage.objects.get()
    assert (message.author_role, message.author, message.author_username) == ("patient", None, "")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        post_message(referral=referral, body="Evenings are fine.", role="clinic", author=clinic_staff)
    [mail] = to(mailoutbox, PATIENT["email"])
    assert "Evenings" not in mail.body and "/referrals/lost-link/" in mail.body
    assert token not in mail.body  # the token is not stored, so never emailed again here
    page = client.get(track).content.decode()
    assert "Can I come in the evening?" in page and "Evenings are fine." in page
    assert "peachtree-staff" not in page


@pytest.mark.django_db
def test_site_staff_see_the_referral_row_but_never_the_messages(client, referred, clinic_staff, site_staff):
    referral, _ = referred
    post_message(referral=referral, body="Her sister will drive her.", role="clinic", author=clinic_staff)
    client.force_login(site_staff)
    page = client.get(admin_url(referral))
    assert page.status_code == 200
    assert "Her sister will drive her." not in page.content.decode()
    assert "message-form" not in page.content.decode()
    client.force_login(clinic_staff)
    assert "Her sister will drive her." in client.get(admin_url(referral)).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ("", 400, "Write a message first."),
        ("   \n ", 400, "Write a message first."),
        ("x" * 2001, 400, "Keep the message under 2000 characters (it has 2001)."),
        ("hi\x00there", 400, "Remove the NUL character from the message."),  # PostgreSQL refuses NUL in text
    ],
)
def test_bad_messages_are_a_clear_400_and_keep_the_draft(client, referred, referrer, body, status, words):
    referral, _ = referred
    client.force_login(referrer)
    response = client.post(f"/referrals/{referral.pk}/messages/", {"body": body})
    assert response.status_code == status
    html = response.content.decode()
    assert words in html and 'aria-invalid="true"' in html
    if body.strip():
        assert body.replace("\x00", "") in html  # what they typed is not lost
    assert not ReferralMessage.objects.exists()


@pytest.mark.django_db
def test_bad_message_from_clinic_staff_is_a_400_page(client, referred, clinic_staff):
    referral, _ = referred
    client.force_login(clinic_staff)
    response = client.post(admin_url(referral, "message/"), {"body": ""})
    assert response.status_code == 400 and "Write a message first." in response.content.decode()
    response = client.post(admin_url(referral, "message/"), {"body": "clinic\x00msg"})
    assert response.status_code == 400 and "Remove the NUL character" in response.content.decode()
    assert not ReferralMessage.objects.exists()


@pytest.mark.django_db
def test_messages_per_hour_are_limited_per_side(client, referred, referrer, clinic_staff):
    referral, _ = referred
    for number in range(MESSAGES_PER_HOUR):
        post_message(referral=referral, body=f"note {number}", role="referrer", author=referrer)
    client.force_login(referrer)
    response = client.post(f"/referrals/{referral.pk}/messages/", {"body": "one more"})
    assert response.status_code == 429 and "Too many messages" in response.content.decode()
    # The clinic's side has its own count.
    post_message(referral=referral, body="We will call today.", role="clinic", author=clinic_staff)


@pytest.mark.django_db
def test_rate_limit_per_client(client, referred, referrer, settings):
    referral, _ = referred
    client.force_login(referrer)
    from referrals.views import messages as views

    statuses = [
        client.post(f"/referrals/{referral.pk}/messages/", {"body": ""}).status_code for _ in range(views.IP_LIMIT + 1)
    ]
    assert statuses[:-1] == [400] * views.IP_LIMIT and statuses[-1] == 429


@pytest.mark.django_db
def test_thread_is_append_only_and_erased_with_the_referral(client, referred, referrer, clinic_staff):
    referral, _ = referred
    post_message(referral=referral, body="First.", role="referrer", author=referrer)
    client.force_login(clinic_staff)
    page = client.get(admin_url(referral)).content.decode()
    assert "First." in page and 'name="body"' not in page.split('id="message-form"')[0]  # shown, never editable
    assert ReferralMessage not in admin.site._registry  # no admin page that could change or delete one
    anonymise(referral_ids=[referral.pk], now=timezone.now())
    message = ReferralMessage.objects.get()
    assert message.body == "" and message.author_username == "dr-fictional"
    referral.refresh_from_db()
    with pytest.raises(MessageRefused) as refused:
        post_message(referral=referral, body="Again.", role="referrer", author=referrer)
    assert refused.value.status == 422
    client.force_login(referrer)
    assert (
        "The messages were erased under the retention policy."
        in client.get(f"/referrals/{referral.pk}/").content.decode()
    )


def test_message_str_never_shows_the_body():
    assert "secret" not in str(ReferralMessage(pk=3, referral_id=7, body="secret"))
