"""Routing: which clinics a result may go to."""

import pytest

from directory import geo
from referrals.routing import clinic_fits, route
from referrals.screening import evaluate_prescreen
from tests.factories import ClinicFactory

from .helpers import ALL_TREATMENTS, suitable_answers

ATLANTA = geo.resolve_place("30303").point


def routed_slugs(answers, radius=25, point=ATLANTA):
    result = evaluate_prescreen(answers)
    return [
        r.clinic.slug for r in route(result=result, condition=answers["condition"], point=point, radius_miles=radius)
    ]


def fitting(**kwargs):
    defaults = {"accepts_referrals": True, "treatments": ALL_TREATMENTS, "conditions": ["depression"]}
    return ClinicFactory(**(defaults | kwargs))


@pytest.mark.django_db
def test_only_clinics_that_meet_every_condition():
    fitting(slug="fits")
    fitting(slug="no-referrals", accepts_referrals=False)
    fitting(slug="full", accepting_new_patients=False)
    fitting(slug="unpublished", published=False)
    fitting(slug="wrong-condition", conditions=["migraine"])
    fitting(slug="no-treatments", treatments=[])
    assert routed_slugs(suitable_answers()) == ["fits"]


@pytest.mark.django_db
def test_radius_limits_and_order_is_nearest_first():
    fitting(slug="downtown")  # at 30303
    fitting(slug="decatur", latitude=33.7748, longitude=-84.2963)  # ~6 miles east
    fitting(slug="macon", latitude=32.84, longitude=-83.63)  # ~75 miles
    assert routed_slugs(suitable_answers(), radius=10) == ["downtown", "decatur"]
    assert routed_slugs(suitable_answers(), radius=100) == ["downtown", "decatur", "macon"]
    decatur = geo.Point(33.7748, -84.2963)
    assert routed_slugs(suitable_answers(), radius=100, point=decatur) == ["decatur", "downtown", "macon"]


@pytest.mark.django_db
def test_a_clinic_fits_only_through_treatments_the_answers_allow():
    fitting(slug="esketamine-only", treatments=["esketamine-nasal-spray"])
    fitting(slug="iv-and-esketamine", treatments=["iv-infusion", "esketamine-nasal-spray"])
    answers = suitable_answers(vascular_history="yes_treated")  # esketamine not suitable, the others review
    assert routed_slugs(answers) == ["iv-and-esketamine"]
    result = evaluate_prescreen(answers)
    [routed] = route(result=result, condition="depression", point=ATLANTA)
    assert routed.fitting_treatments == ("iv-infusion",)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "answers",
    [
        suitable_answers(ketamine_allergy="yes"),
        suitable_answers(age_18_or_over=False),
        suitable_answers(self_harm_thoughts=1, suicide_intent_or_plan=True, suicide_behavior="never"),
    ],
)
def test_crisis_and_not_suitable_are_never_routed(answers):
    clinic = fitting(slug="fits")
    assert routed_slugs(answers, radius=500) == []
    assert not clinic_fits(clinic=clinic, result=evaluate_prescreen(answers), condition="depression")


@pytest.mark.django_db
def test_condition_must_match():
    fitting(slug="ptsd-only", conditions=["ptsd"])
    assert routed_slugs(suitable_answers(condition="ptsd")) == ["ptsd-only"]
    assert routed_slugs(suitable_answers(condition="depression")) == []


@pytest.mark.django_db
def test_limit_and_takes_payment():
    for n in range(5):
        fitting(slug=f"clinic-{n}", payment_options=["medicaid"] if n % 2 else [])
    result = evaluate_prescreen(suitable_answers())
    routed = route(result=result, condition="depression", point=ATLANTA, limit=3)
    assert len(routed) == 3
    assert {r.takes_payment("medicaid") for r in route(result=result, condition="depression", point=ATLANTA)} == {
        True,
        False,
    }
    assert routed[0].takes_payment(None) is None
