"""The home page's search box sends `condition=&treatment=` when "Any" is chosen: that means any, not an error."""

import pytest

from tests.factories import ClinicFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/clinics/", "/api/clinics/"])
def test_blank_condition_and_treatment_mean_any(client, path):
    ClinicFactory(name="Imaginary Infusions", treatments=["iv-infusion"], conditions=["ptsd"])
    response = client.get(path, {"near": "30303", "condition": "", "treatment": ""})
    assert response.status_code == 200
    assert b"Imaginary Infusions" in response.content


def test_blank_next_to_a_real_choice_keeps_the_real_one(client):
    ClinicFactory(name="Imaginary Infusions", treatments=["iv-infusion"])
    ClinicFactory(name="Pretend Spray", treatments=["esketamine-nasal-spray"])
    response = client.get("/api/clinics/?treatment=&treatment=esketamine-nasal-spray")
    assert response.status_code == 200
    assert [clinic["name"] for clinic in response.json()["results"]] == ["Pretend Spray"]


def test_an_unknown_condition_is_still_refused(client):
    response = client.get("/api/clinics/?condition=&condition=hiccups")
    assert response.status_code == 400
    assert "condition" in response.json()["errors"]
