"""Done-when of issue 18: an EHR-style client, with fhir.resources and HTTP only, reads the
Questionnaire, sends a referral Bundle, and follows its Task to `completed` while the clinic
works the referral through the workflow."""

from __future__ import annotations

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.capabilitystatement import CapabilityStatement
from fhir.resources.R4B.operationoutcome import OperationOutcome
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.servicerequest import ServiceRequest
from fhir.resources.R4B.task import Task

from referrals.models import Referral, ReferrerApiToken
from referrals.services import change_status
from tests.referrals.helpers import PATIENT, suitable_answers

from .fhir_client import FHIR_JSON, body_of, referral_bundle

pytestmark = pytest.mark.django_db


@pytest.fixture
def ehr(client, referrer):
    _token, key = ReferrerApiToken.issue(user=referrer, name="EHR")
    headers = {"HTTP_AUTHORIZATION": f"Token {key}", "HTTP_ACCEPT": FHIR_JSON}

    class Ehr:
        def get(self, url, model):
            response = client.get(url, **headers)
            assert response.status_code == 200, response.content
            assert response["Content-Type"].startswith(FHIR_JSON)
            return model.model_validate_json(response.content)

        def post(self, url, model):
            return client.post(url, body_of(model), content_type=FHIR_JSON, **headers)

    return Ehr()


def test_an_ehr_sends_a_referral_and_follows_its_task_to_completed(ehr, referral_clinic, clinic_staff, settings):
    capability = ehr.get("/fhir/metadata", CapabilityStatement)
    assert {r.type for r in capability.rest[0].resource} >= {"Questionnaire", "Task", "Organization"}
    questionnaire = ehr.get("/fhir/Questionnaire/prescreen", Questionnaire)
    condition_system = f"{settings.SITE_URL}/fhir/CodeSystem/condition"

    bundle = referral_bundle(
        questionnaire=questionnaire,
        answers=suitable_answers(),
        organization_id=str(referral_clinic.pk),
        condition_system=condition_system,
        patient=PATIENT,
    )
    response = ehr.post("/fhir/Bundle", bundle)
    assert response.status_code == 201, response.content
    answer = Bundle.model_validate_json(response.content)
    assert answer.type == "transaction-response"
    kinds = {entry.resource.get_resource_type(): entry.resource for entry in answer.entry}
    task, request = kinds["Task"], kinds["ServiceRequest"]
    assert (
        isinstance(request, ServiceRequest) and request.performer[0].reference == f"Organization/{referral_clinic.pk}"
    )
    assert task.status == "requested" and task.businessStatus.coding[0].code == "sent"

    referral = Referral.objects.get(pk=int(task.id))
    assert referral.referrer.username == "dr-fictional"
    assert referral.answers == suitable_answers()
    assert referral.patient_last_name == PATIENT["last_name"] and referral.preferred_contact == "email"

    seen = [task.status]
    for status in ("viewed", "contacted", "scheduled", "treated"):
        change_status(referral=referral, to_status=status, by=clinic_staff)
        seen.append(ehr.get(f"/fhir/Task/{task.id}", Task).status)
    assert seen == ["requested", "received", "accepted", "in-progress", "completed"]

    history = ehr.get(f"/fhir/Task/{task.id}/_history", Bundle)
    assert [entry.resource.status for entry in history.entry] == seen[::-1]
    assert [entry.resource.meta.versionId for entry in history.entry] == ["5", "4", "3", "2", "1"]
    first = ehr.get(f"/fhir/Task/{task.id}/_history/1", Task)
    assert first.status == "requested"

    owned = ehr.get(f"/fhir/Task?owner=Organization/{referral_clinic.pk}&status=completed", Bundle)
    assert owned.total == 1 and owned.entry[0].resource.id == task.id


def test_a_refused_referral_is_an_operation_outcome_422(ehr, referral_clinic, settings):
    questionnaire = ehr.get("/fhir/Questionnaire/prescreen", Questionnaire)
    referral_clinic.accepts_referrals = False
    referral_clinic.save()
    bundle = referral_bundle(
        questionnaire=questionnaire,
        answers=suitable_answers(),
        organization_id=str(referral_clinic.pk),
        condition_system=f"{settings.SITE_URL}/fhir/CodeSystem/condition",
        patient=PATIENT,
    )
    response = ehr.post("/fhir/Bundle", bundle)
    assert response.status_code == 422
    issue = OperationOutcome.model_validate_json(response.content).issue[0]
    assert issue.code == "business-rule" and "referrals" in issue.diagnostics
    assert issue.expression == ["ServiceRequest.performer"]
    assert not Referral.objects.exists()
