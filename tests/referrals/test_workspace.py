"""The referrer's workspace: /referrals/ (list) and /referrals/<id>/ (one referral in full)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from referrals.models import Referral
from referrals.services import change_status

from .helpers import PATIENT, suitable_answers


def detail(pk):
    return f"/referrals/{pk}/"


@pytest.mark.django_db
def test_each_party_sees_the_referral_page_or_a_404(
    client, make_referral, referrer, other_referrer, clinic_staff, other_clinic_staff, superuser
):
    referral, token = make_referral(referrer=referrer)
    expected = {referrer: 200, other_referrer: 404, clinic_staff: 404, other_clinic_staff: 404, superuser: 200}
    for user, status in expected.items():
        client.force_login(user)
        assert client.get(detail(referral.pk)).status_code == status, user.username
        client.logout()
    # Anonymous (the patient with the tracking link included): sent to log in, the page is never shown.
    client.get(f"/referrals/track/{token}/")
    response = client.get(detail(referral.pk))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client.force_login(referrer)
    assert client.get(detail(referral.pk + 1000)).status_code == 404


@pytest.mark.django_db
def test_self_referral_has_no_referrer_page(client, make_referral, referrer):
    referral, _ = make_referral()
    client.force_login(referrer)
    assert client.get(detail(referral.pk)).status_code == 404


@pytest.mark.django_db
def test_referral_page_shows_patient_history_with_notes_findings_and_answers(
    client, make_referral, referrer, clinic_staff
):
    referral, _ = make_referral(referrer=referrer)
    change_status(referral=referral, to_status="viewed", by=clinic_staff)
    change_status(referral=referral, to_status="declined", by=clinic_staff, note="We only see adults over 21.")
    client.force_login(referrer)
    html = client.get(detail(referral.pk)).content.decode()
    assert f"{PATIENT['first_name']} {PATIENT['last_name']}" in html
    assert PATIENT["email"] in html and "Mornings are best." in html
    assert "Peachtree Imaginary Ketamine" in html
    assert "Declined by the clinic" in html and "Viewed by the clinic" in html
    assert "We only see adults over 21." in html
    # The F-TRD flag in the clinician's words, with its source, as the admin shows it.
    flag = referral.findings["flags"][0]
    assert flag["rule"] in html and flag["clinician_message"] in html
    assert flag["source"] and flag["source"] in html
    assert "Is the patient 18 or older?" in html
    assert "peachtree-staff" not in html  # clinic staff are not named


@pytest.mark.django_db
def test_list_links_each_referral_and_shows_waiting_days(client, make_referral, referrer, other_referrer):
    waiting, _ = make_referral(referrer=referrer)
    Referral.objects.filter(pk=waiting.pk).update(created_at=timezone.now() - timedelta(days=3, hours=1))
    answered, _ = make_referral(referrer=referrer, first_name="Quentavia")
    change_status(referral=answered, to_status="contacted")
    make_referral(referrer=other_referrer, first_name="Notmine")
    client.force_login(referrer)
    html = client.get("/referrals/").content.decode()
    assert f'href="/referrals/{waiting.pk}/"' in html and f'href="/referrals/{answered.pk}/"' in html
    assert "Waiting on the clinic for 3 days" in html
    assert html.count("Waiting on the clinic for") == 1  # the contacted one is not waiting on the clinic
    assert "Notmine" not in html
    # Last change first: the contacted referral moved after the other was sent.
    assert html.index(f'href="/referrals/{answered.pk}/"') < html.index(f'href="/referrals/{waiting.pk}/"')


@pytest.mark.django_db
def test_list_filters_by_status_and_refuses_an_unknown_one(client, make_referral, referrer):
    declined, _ = make_referral(referrer=referrer)
    change_status(referral=declined, to_status="declined")
    sent, _ = make_referral(referrer=referrer)
    client.force_login(referrer)
    html = client.get("/referrals/?status=declined").content.decode()
    assert f'href="/referrals/{declined.pk}/"' in html and f'href="/referrals/{sent.pk}/"' not in html
    html = client.get("/referrals/?status=treated").content.decode()
    assert "None of your referrals has this status." in html
    response = client.get("/referrals/?status=bogus")
    assert response.status_code == 400
    assert "Choose a status from the list." in response.content.decode()


@pytest.mark.django_db
def test_list_paginates(client, make_referral, referrer, django_assert_max_num_queries):
    from referrals.views.workspace import PAGE_SIZE

    for _ in range(PAGE_SIZE + 2):
        make_referral(referrer=referrer, answers=suitable_answers())
    client.force_login(referrer)
    first = client.get("/referrals/").content.decode()
    assert first.count("<tr>") == PAGE_SIZE + 1  # + the header row
    assert "Page 1 of 2" in first
    with django_assert_max_num_queries(10):
        second = client.get("/referrals/?page=2").content.decode()
    assert second.count("<tr>") == 2 + 1
    assert client.get("/referrals/?page=nonsense").status_code == 200


@pytest.mark.django_db
def test_referral_page_in_spanish(client, make_referral, referrer):
    referral, _ = make_referral(referrer=referrer)
    client.force_login(referrer)
    html = client.get(detail(referral.pk), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Historial" in html and "Respuestas" in html
