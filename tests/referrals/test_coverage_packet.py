"""The esketamine coverage packet: filled by the referrer, printable, seen by the clinic, R-SI-1 from item 9."""

import re

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from referrals.coverage.packet import PacketAnswers, save_packet
from referrals.models import CoveragePacket, Referral
from referrals.retention import anonymise
from tests.factories import UserFactory

from .helpers import suitable_answers

PHQ9 = {f"phq9_{n}": "2" for n in range(1, 9)} | {"phq9_9": "0"}  # total 16: moderately severe
TRIALS = {
    "trial-TOTAL_FORMS": "5",
    "trial-INITIAL_FORMS": "5",
    "trial-MIN_NUM_FORMS": "0",
    "trial-MAX_NUM_FORMS": "5",
    "trial-0-drug": "sertraline",
    "trial-0-dose_mg": "200",
    "trial-0-weeks": "10",
    "trial-0-outcome": "no_response",
    "trial-1-drug": "other-snri",
    "trial-1-dose_mg": "225",
    "trial-1-weeks": "8",
    "trial-1-outcome": "partial_response",
    "trial-2-drug": "bupropion",
    "trial-2-dose_mg": "300",
    "trial-2-weeks": "3",
    "trial-2-outcome": "not_tolerated",
}
FORM = PHQ9 | TRIALS | {"diagnosis": "F33.1", "current_antidepressant": "escitalopram", "current_dose": "20 mg a day"}


def edit(referral):
    return f"/referrals/{referral.pk}/packet/edit/"


def view(referral):
    return f"/referrals/{referral.pk}/packet/"


@pytest.fixture
def referral(make_referral, referrer):
    return make_referral(referrer=referrer)[0]


@pytest.fixture
def site_staff(db):
    user = UserFactory(username="moderator-fictional", is_staff=True)
    user.groups.add(Group.objects.get(name="Site staff"))
    return user


@pytest.mark.django_db
def test_referrer_fills_the_packet_and_prints_it(
    client, referral, referrer, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(referrer)
    page = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert "Esketamine coverage packet" in page and f'href="{edit(referral)}"' in page
    form_page = client.get(edit(referral)).content.decode()
    assert form_page.count('type="radio"') == 9 * 4 and "F32.0 Major depressive disorder" in form_page
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit(referral), FORM)
    assert response.status_code == 302 and response["Location"] == view(referral)
    packet = CoveragePacket.objects.get(referral=referral)
    assert packet.phq9_items == [2] * 8 + [0] and packet.phq9_total == 16 and packet.filled_by == referrer
    assert [t["drug"] for t in packet.trials] == ["sertraline", "other-snri", "bupropion"]  # blank rows skipped
    [mail] = [m for m in mailoutbox if m.to == ["intake@peachtree.example.org"]]
    # No score in the email: "16" may only be part of the referral's own number (its id varies by database).
    without_id = mail.body.replace(f"#{referral.pk}", "").replace(f"/{referral.pk}/", "/")
    assert "coverage packet" in mail.body and "sertraline" not in mail.body
    assert "16" not in without_id and "of 27" not in mail.body

    html = client.get(view(referral)).content.decode()
    assert "Total 16 of 27: Moderately severe" in html
    assert "F33.1 Major depressive disorder, recurrent, moderate" in html
    assert "sertraline (SSRI)" in html and "another SNRI (SNRI)" in html and "escitalopram (SSRI), 20 mg a day" in html
    assert "2 trials listed without an adequate response" in html
    assert "at least 2 adequate antidepressant trials" in html and "SPRAVATO prescribing information" in html
    assert "1 stopped for side effects" in html
    assert "css/packet_print.css" in html
    assert "approved" not in html.lower()
    assert "Zorblina Quackenbottom" in html  # the payer needs the patient's name; only the referrer sees this page
    assert client.get(f"/referrals/{referral.pk}/").content.decode().count(f'href="{view(referral)}"') == 1


@pytest.mark.django_db
def test_printable_packet_in_spanish_never_says_approved(client, referral, referrer):
    client.force_login(referrer)
    client.post(edit(referral), FORM)
    html = client.get(view(referral), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Total 16 de 27: Moderadamente grave" in html
    assert "aprobad" not in html.lower() and "approved" not in html.lower()


@pytest.mark.django_db
def test_item_9_above_0_adds_r_si_1_and_it_is_never_dropped(client, referral, referrer):
    assert not any(r["rule"] == "R-SI-1" for r in referral.findings.get("reasons", []))
    assert referral.outcome == "suitable" and not referral.high_priority
    client.force_login(referrer)
    response = client.post(edit(referral), FORM | {"phq9_9": "2"})
    assert response.status_code == 302
    referral.refresh_from_db()
    [finding] = [r for r in referral.findings["reasons"] if r["rule"] == "R-SI-1"]
    assert finding["origin"] == "coverage_packet" and finding["high_priority"] is True
    assert "PHQ-9 item 9 answered 2 of 3" in finding["clinician_message"]
    assert referral.outcome == "review" and referral.high_priority
    assert set(referral.treatment_outcomes.values()) == {"review"}
    html = client.get(view(referral)).content.decode()
    assert "Item 9 (thoughts of death or self-harm) answered 2" in html and "988" in html
    # A later packet with item 9 at 0 does not take the finding away.
    client.post(edit(referral), FORM)
    referral.refresh_from_db()
    assert [r["rule"] for r in referral.findings["reasons"]].count("R-SI-1") == 1
    assert referral.high_priority


@pytest.mark.django_db
def test_r_si_1_from_the_prescreen_is_not_doubled(make_referral, referrer):
    answers = suitable_answers(self_harm_thoughts=1, suicide_intent_or_plan=False)
    referral, _ = make_referral(referrer=referrer, answers=answers)
    assert [r["rule"] for r in referral.findings["reasons"]].count("R-SI-1") == 1
    save_packet(referral=referral, answers=PacketAnswers(phq9_items=[1] * 9, diagnosis="F32.1"), by=referrer)
    referral.refresh_from_db()
    assert [r["rule"] for r in referral.findings["reasons"]].count("R-SI-1") == 1
    assert not referral.high_priority  # item 9 at 1 is not urgent
    save_packet(referral=referral, answers=PacketAnswers(phq9_items=[1] * 8 + [3], diagnosis="F32.1"), by=referrer)
    referral.refresh_from_db()
    assert referral.high_priority  # now it is


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"phq9_4": None}, "Answer PHQ-9 item 4."),
        ({"phq9_4": "4"}, "Select a valid choice."),
        ({"diagnosis": "F31.9"}, "Select a valid choice."),
        ({"diagnosis": None}, "Choose the diagnosis code."),
        ({"trial-0-weeks": None}, "Fill in the antidepressant, dose, weeks and outcome, or leave the row empty."),
        ({"trial-0-drug": "ketamine"}, "Select a valid choice."),
        ({"trial-0-weeks": "0"}, "Ensure this value is greater than or equal to 1."),
        ({"trial-0-dose_mg": "lots"}, "Enter a number."),
        ({"current_antidepressant": "", "current_dose": "20 mg"}, "Choose the antidepressant this dose is for."),
        ({"trial-TOTAL_FORMS": "500"}, "Please submit at most 5 forms."),
        ({"trial-TOTAL_FORMS": None}, "ManagementForm data is missing or has been tampered with"),
    ],
)
def test_bad_input_is_a_400_that_says_what(client, referral, referrer, changes, words):
    client.force_login(referrer)
    data = {key: value for key, value in (FORM | changes).items() if value is not None}
    response = client.post(edit(referral), data)
    assert response.status_code == 400
    assert words in response.content.decode()
    assert not CoveragePacket.objects.exists()


@pytest.mark.django_db
def test_only_the_referrer_opens_the_packet(
    client, referral, referrer, other_referrer, clinic_staff, other_clinic_staff, site_staff
):
    save_packet(referral=referral, answers=PacketAnswers(phq9_items=[1] * 9, diagnosis="F32.1"), by=referrer)
    for user in (other_referrer, clinic_staff, other_clinic_staff, site_staff):
        client.force_login(user)
        assert client.get(view(referral)).status_code == 404, user.username
        assert client.post(edit(referral), FORM).status_code == 404, user.username
    client.logout()
    assert client.get(view(referral))["Location"].startswith("/accounts/login/")
    client.force_login(referrer)
    assert client.get(view(referral)).status_code == 200


@pytest.mark.django_db
def test_no_packet_when_the_findings_rule_out_esketamine(client, make_referral, referrer):
    referral, _ = make_referral(referrer=referrer, answers=suitable_answers(condition="ptsd"))
    assert referral.treatment_outcomes["esketamine-nasal-spray"] == "not_suitable"
    client.force_login(referrer)
    assert "coverage packet" not in client.get(f"/referrals/{referral.pk}/").content.decode().lower()
    response = client.get(edit(referral))
    assert response.status_code == 422 and "leaves esketamine open" in response.content.decode()
    assert client.post(edit(referral), FORM).status_code == 422
    assert client.get(view(referral)).status_code == 404


@pytest.mark.django_db
def test_clinic_staff_see_the_packet_in_the_admin_site_staff_do_not(
    client, referral, referrer, clinic_staff, site_staff
):
    trials = [{"drug": "sertraline", "dose_mg": "150", "weeks": 8, "outcome": "no_response"}]
    answers = PacketAnswers(phq9_items=[3] * 8 + [1], diagnosis="F33.2", trials=trials)
    save_packet(referral=referral, answers=answers, by=referrer)
    client.force_login(clinic_staff)
    html = client.get(f"/admin/referrals/referral/{referral.pk}/change/").content.decode()
    assert "F33.2 Major depressive disorder, recurrent severe without psychotic features" in html
    assert "PHQ-9 25 of 27 (Severe)" in html and "sertraline (SSRI), 150 mg/day, 8 weeks" in html
    assert "R-SI-1" in html  # the finding the packet added, in the clinician's words
    client.force_login(site_staff)
    html = client.get(f"/admin/referrals/referral/{referral.pk}/change/").content.decode()
    assert "F33.2" not in html and "sertraline" not in html and "PHQ-9 25" not in html


@pytest.mark.django_db
def test_the_packet_is_erased_with_the_referral(client, referral, referrer):
    save_packet(referral=referral, answers=PacketAnswers(phq9_items=[1] * 9, diagnosis="F32.1"), by=referrer)
    anonymise(referral_ids=[referral.pk], now=timezone.now())
    assert not CoveragePacket.objects.exists()
    assert Referral.objects.get(pk=referral.pk).anonymised_at is not None
    client.force_login(referrer)
    assert client.get(view(referral)).status_code == 404
    assert client.get(edit(referral)).status_code == 422


@pytest.mark.django_db
def test_saved_packet_fills_the_form_again(client, referral, referrer):
    client.force_login(referrer)
    client.post(edit(referral), FORM)
    html = client.get(edit(referral)).content.decode()
    assert re.search(r'value="F33.1" selected', html)
    assert re.search(r'name="trial-0-drug"[^>]*>.*?<option value="sertraline" selected', html, re.S)
    assert 'name="trial-1-weeks" value="8"' in html
