"""The FHIR API: what it emits validates, what it accepts is parsed, bad input is a 400 OperationOutcome,
a refused referral a 422, and only the parties to a referral see its Task."""

from __future__ import annotations

import json

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.capabilitystatement import CapabilityStatement
from fhir.resources.R4B.healthcareservice import HealthcareService
from fhir.resources.R4B.location import Location
from fhir.resources.R4B.operationoutcome import OperationOutcome
from fhir.resources.R4B.organization import Organization
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.servicerequest import ServiceRequest
from fhir.resources.R4B.task import Task

from directory.models import OpeningHours
from referrals.models import Referral, ReferrerApiToken
from referrals.screening import QUESTIONS, RULESET_VERSION, SECTIONS
from referrals.screening.questions import questions_in
from referrals.services import change_status
from tests.factories import UserFactory
from tests.referrals.helpers import PATIENT, PATIENT_SECRETS, crisis_answers, suitable_answers

from .fhir_client import FHIR_JSON, referral_bundle

pytestmark = pytest.mark.django_db


def token_for(user) -> dict[str, str]:
    _token, key = ReferrerApiToken.issue(user=user)
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


@pytest.fixture
def questionnaire(client):
    return Questionnaire.model_validate_json(client.get("/fhir/Questionnaire/prescreen").content)


@pytest.fixture
def bundle(questionnaire, referral_clinic, settings):
    def build(answers=None, **kwargs) -> dict:
        model = referral_bundle(
            questionnaire=questionnaire,
            answers=answers or suitable_answers(),
            organization_id=str(referral_clinic.pk),
            condition_system=f"{settings.SITE_URL}/fhir/CodeSystem/condition",
            patient=PATIENT,
            **kwargs,
        )
        return json.loads(model.model_dump_json(exclude_none=True))

    return build


@pytest.fixture
def send(client, referrer):
    auth = token_for(referrer)

    def post(body, url="/fhir/Bundle", **headers):
        content = body if isinstance(body, str | bytes) else json.dumps(body)
        return client.post(url, content, content_type=FHIR_JSON, **(auth | headers))

    return post


def issues(response) -> list:
    assert response["Content-Type"].startswith(FHIR_JSON)
    return OperationOutcome.model_validate_json(response.content).issue


def entry(bundle_dict: dict, kind: str) -> dict:
    return next(e["resource"] for e in bundle_dict["entry"] if e["resource"]["resourceType"] == kind)


# --- What we emit validates --------------------------------------------------------------


def test_every_resource_we_emit_validates(client, send, bundle, referral_clinic, clinic_staff, capsys):
    OpeningHours.objects.create(clinic=referral_clinic, weekday=1, opens="09:00", closes="17:00")
    response = send(bundle())
    assert response.status_code == 201
    task_id = Bundle.model_validate_json(response.content).entry[1].resource.id
    change_status(referral=Referral.objects.get(), to_status="declined", by=clinic_staff, note="Full until March.")
    staff = token_for(clinic_staff)
    pk = referral_clinic.pk
    reads = [
        ("/fhir/metadata", CapabilityStatement, {}),
        ("/fhir/Questionnaire/prescreen", Questionnaire, {}),
        (f"/fhir/Organization/{pk}", Organization, {}),
        (f"/fhir/Location/{pk}", Location, {}),
        (f"/fhir/HealthcareService/{pk}", HealthcareService, {}),
        (f"/fhir/Task/{task_id}", Task, staff),
        (f"/fhir/Task/{task_id}/_history", Bundle, staff),
        (f"/fhir/Task/{task_id}/_history/2", Task, staff),
        (f"/fhir/Task?owner=Organization/{pk}", Bundle, staff),
        ("/fhir/Task?status=requested", Bundle, staff),
        (f"/fhir/ServiceRequest/{task_id}", ServiceRequest, staff),
        ("/fhir/Task/999999", OperationOutcome, staff),
        ("/fhir/Organization/abc", OperationOutcome, {}),
    ]
    validated = 1  # the transaction-response above
    for url, model, headers in reads:
        response = client.get(url, **headers)
        assert response["Content-Type"].startswith(FHIR_JSON), url
        parsed = model.model_validate_json(response.content)
        validated += 1 + len(getattr(parsed, "entry", None) or [])
    declined = Task.model_validate_json(client.get(f"/fhir/Task/{task_id}", **staff).content)
    assert (declined.status, declined.businessStatus.coding[0].code) == ("rejected", "declined")
    assert declined.note[0].text == "Full until March."
    with capsys.disabled():
        print(f"\nFHIR: {validated} emitted resources parsed by fhir.resources R4B models, 0 errors")


def test_the_questionnaire_is_the_current_rule_set_read_from_the_data(client):
    questionnaire = Questionnaire.model_validate_json(client.get("/fhir/Questionnaire/prescreen").content)
    assert questionnaire.version == RULESET_VERSION
    items = {item.linkId: item for group in questionnaire.item for item in group.item}
    # Grouped by section, as the pages ask them; worded about the patient, as the referrer's form is.
    assert list(items) == [q.id for section in SECTIONS for q in questions_in(section.id)]
    assert set(items) == {q.id for q in QUESTIONS}
    for question in QUESTIONS:
        item = items[question.id]
        if question.kind == "bool":
            assert item.type == "boolean" and not item.answerOption
        else:
            codes = [option.valueCoding.code for option in item.answerOption]
            assert codes == [str(value) for value, _label in question.choices]
            assert item.repeats is (question.kind == "multi")
        assert item.text == str(question.about_patient)


def test_the_questionnaire_speaks_spanish_on_request(client):
    english = Questionnaire.model_validate_json(client.get("/fhir/Questionnaire/prescreen").content)
    spanish = Questionnaire.model_validate_json(
        client.get("/fhir/Questionnaire/prescreen", HTTP_ACCEPT_LANGUAGE="es").content
    )
    assert spanish.language == "es"
    assert spanish.item[0].item[0].text != english.item[0].item[0].text
    assert [i.linkId for g in spanish.item for i in g.item] == [i.linkId for g in english.item for i in g.item]


def test_organization_location_and_service_describe_the_clinic(client, referral_clinic):
    referral_clinic.telehealth = True
    referral_clinic.save()
    service = HealthcareService.model_validate_json(client.get(f"/fhir/HealthcareService/{referral_clinic.pk}").content)
    assert {c.coding[0].code for c in service.type} == set(referral_clinic.treatments.values_list("slug", flat=True))
    assert {c.coding[0].code for c in service.specialty} == {"depression", "ptsd"}
    assert service.characteristic[0].text == "Telehealth"
    assert service.providedBy.reference == f"Organization/{referral_clinic.pk}"
    location = Location.model_validate_json(client.get(f"/fhir/Location/{referral_clinic.pk}").content)
    assert float(location.position.latitude) == pytest.approx(referral_clinic.latitude)
    referral_clinic.published = False
    referral_clinic.save()
    for kind in ("Organization", "Location", "HealthcareService"):
        assert client.get(f"/fhir/{kind}/{referral_clinic.pk}").status_code == 404


# --- What we accept ------------------------------------------------------------------------


def test_a_resent_bundle_with_the_same_idempotency_key_is_not_a_second_referral(send, bundle):
    first = send(bundle(), HTTP_IDEMPOTENCY_KEY="ehr-42")
    again = send(bundle(), HTTP_IDEMPOTENCY_KEY="ehr-42")
    assert (first.status_code, again.status_code) == (201, 200)
    assert Referral.objects.count() == 1


def _without(bundle_dict, kind):
    bundle_dict["entry"] = [e for e in bundle_dict["entry"] if e["resource"]["resourceType"] != kind]
    return bundle_dict


def _deep(depth):
    value = {"url": "http://example.org/x"}
    for _ in range(depth):
        value = {"url": "http://example.org/x", "extension": [value]}
    return value


BAD_BODIES = {
    "not json": lambda b: "{not json",
    "a list": lambda b: "[]",
    "deeply nested json": lambda b: "[" * 50_000 + "]" * 50_000,
    "deeply nested extensions": lambda b: b | {"extension": [_deep(200)]},
    "a patient, not a bundle": lambda b: entry(b, "Patient"),
    "a batch": lambda b: b | {"type": "batch"},
    "an unknown field": lambda b: b | {"colour": "blue"},
    "an unknown resource type": lambda b: b | {"entry": b["entry"] + [{"resource": {"resourceType": "Nope"}}]},
    "an extra Observation": lambda b: (
        b
        | {
            "entry": b["entry"]
            + [{"resource": {"resourceType": "Observation", "status": "final", "code": {"text": "x"}}}]
        }
    ),
    "no Consent": lambda b: _without(b, "Consent"),
    "no QuestionnaireResponse": lambda b: _without(b, "QuestionnaireResponse"),
    "two patients": lambda b: b | {"entry": b["entry"] + b["entry"][:1]},
    "an entry that is a number": lambda b: b | {"entry": [7]},
    "a wrongly typed field": lambda b: b | {"entry": [{"resource": {"resourceType": "Patient", "active": "very"}}]},
    "a DELETE entry": lambda b: (
        b | {"entry": [e | {"request": {"method": "DELETE", "url": "Patient/1"}} for e in b["entry"]]}
    ),
}


@pytest.mark.parametrize("name", BAD_BODIES)
def test_bad_input_is_an_operation_outcome_400(send, bundle, name):
    response = send(BAD_BODIES[name](bundle()))
    assert response.status_code == 400, response.content
    assert issues(response)[0].severity == "error"
    assert not Referral.objects.exists()


def _set_performer(b, performer):
    entry(b, "ServiceRequest")["performer"] = [performer]
    return b


def _answer_item(b, link_id):
    response = entry(b, "QuestionnaireResponse")
    return next(item for item in response["item"] if item["linkId"] == link_id)


def _drop_answer(b, link_id):
    response = entry(b, "QuestionnaireResponse")
    response["item"] = [item for item in response["item"] if item["linkId"] != link_id]
    return b


def _bad_code(b, link_id):
    _answer_item(b, link_id)["answer"] = [{"valueCoding": {"code": "maybe"}}]
    return b


def test_unknown_clinics_and_bad_answers_are_400s_that_name_the_place(send, bundle, referral_clinic, settings):
    cases = [
        (_set_performer(bundle(), {"reference": "Organization/999999"}), "ServiceRequest.performer"),
        (_set_performer(bundle(), {"reference": "Practitioner/1"}), "ServiceRequest.performer"),
        (
            _set_performer(bundle(), {"identifier": {"system": f"{settings.SITE_URL}/clinics", "value": "nope"}}),
            "ServiceRequest.performer",
        ),
        (_drop_answer(bundle(), QUESTIONS[0].id), f"linkId='{QUESTIONS[0].id}'"),
        (_bad_code(bundle(), "condition"), "ServiceRequest.reasonCode"),
    ]
    choice = next(q for q in QUESTIONS if q.kind == "choice" and q.id != "condition" and q.id in suitable_answers())
    cases.append((_bad_code(bundle(), choice.id), f"linkId='{choice.id}'"))
    stranger = bundle()
    entry(stranger, "ServiceRequest")["subject"] = {"reference": "Patient/someone-else"}
    cases.append((stranger, "ServiceRequest.subject"))
    mismatched = bundle()
    entry(mismatched, "ServiceRequest")["reasonCode"][0]["coding"][0]["code"] = "ptsd"
    cases.append((mismatched, "ServiceRequest.reasonCode"))
    for body, where in cases:
        response = send(body)
        assert response.status_code == 400, (where, response.content)
        assert any(where in (issue.expression or [""])[0] for issue in issues(response)), (where, response.content)
    assert not Referral.objects.exists()


def test_the_clinic_can_be_named_by_its_slug_identifier(send, bundle, referral_clinic, settings):
    body = _set_performer(
        bundle(), {"identifier": {"system": f"{settings.SITE_URL}/clinics", "value": referral_clinic.slug}}
    )
    assert send(body).status_code == 201


def test_consent_that_is_not_active_is_a_400_and_saves_nothing(send, bundle):
    response = send(bundle(consent_status="rejected"))
    assert response.status_code == 400
    assert issues(response)[0].expression == ["Consent"]
    assert not Referral.objects.exists()


def test_a_crisis_is_refused_with_a_422_and_nothing_is_stored(send, bundle):
    response = send(bundle(answers=crisis_answers()))
    assert response.status_code == 422
    assert "988" in issues(response)[0].diagnostics
    assert issues(response)[0].expression == ["QuestionnaireResponse"]
    assert not Referral.objects.exists()


# --- Who may do what -------------------------------------------------------------------------


def test_only_referrers_send(client, bundle, clinic_staff):
    anonymous = client.post("/fhir/Bundle", json.dumps(bundle()), content_type=FHIR_JSON)
    assert anonymous.status_code == 401 and issues(anonymous)[0].code == "login"
    staff = client.post("/fhir/Bundle", json.dumps(bundle()), content_type=FHIR_JSON, **token_for(clinic_staff))
    assert staff.status_code == 403
    bad = client.post("/fhir/Bundle", json.dumps(bundle()), content_type=FHIR_JSON, HTTP_AUTHORIZATION="Token nope")
    assert bad.status_code == 401
    assert not Referral.objects.exists()


def test_only_the_parties_see_the_task(
    client, send, bundle, referrer, other_referrer, clinic_staff, other_clinic_staff, superuser
):
    task_id = Bundle.model_validate_json(send(bundle()).content).entry[1].resource.id
    for user, status in (
        (referrer, 200),
        (clinic_staff, 200),
        (superuser, 200),
        (other_referrer, 404),
        (other_clinic_staff, 404),
        (UserFactory(username="nobody-fictional"), 404),
    ):
        auth = token_for(user)
        for url in (f"/fhir/Task/{task_id}", f"/fhir/Task/{task_id}/_history", f"/fhir/ServiceRequest/{task_id}"):
            response = client.get(url, **auth)
            assert response.status_code == status, (user.username, url)
            if status == 404:
                assert not any(secret in response.content.decode() for secret in PATIENT_SECRETS)
        found = Bundle.model_validate_json(client.get("/fhir/Task", **auth).content)
        assert found.total == (1 if status == 200 else 0), user.username
    assert client.get(f"/fhir/Task/{task_id}").status_code == 401


def test_task_search_filters_by_status_and_owner(
    client, send, bundle, referrer, referral_clinic, clinic_staff, other_clinic
):
    ids = [Bundle.model_validate_json(send(bundle(note=f"n{i}")).content).entry[1].resource.id for i in range(3)]
    first, second, third = (Referral.objects.get(pk=int(i)) for i in ids)
    change_status(referral=first, to_status="scheduled", by=clinic_staff)
    change_status(referral=first, to_status="treated", by=clinic_staff)
    change_status(referral=second, to_status="closed", by=clinic_staff)
    auth = token_for(referrer)

    def found(query):
        return sorted(
            e.resource.id
            for e in (Bundle.model_validate_json(client.get(f"/fhir/Task?{query}", **auth).content).entry or [])
        )

    assert found("status=completed") == [ids[0]]
    assert found("status=cancelled") == [ids[1]]
    assert found("status=requested,cancelled") == sorted([ids[1], ids[2]])
    assert found(f"owner=Organization/{referral_clinic.pk}") == sorted(ids)
    assert found(f"owner=Organization/{other_clinic.pk}") == []
    change_status(referral=first, to_status="closed", by=clinic_staff)
    assert found("status=completed") == [ids[0]]  # closed after treatment stays completed
    paged = Bundle.model_validate_json(client.get("/fhir/Task?_count=2", **auth).content)
    assert paged.total == 3 and len(paged.entry) == 2 and any(link.relation == "next" for link in paged.link)
    for query in ("status=done", "owner=Patient/1", "_count=0", "_count=abc", "colour=blue"):
        response = client.get(f"/fhir/Task?{query}", **auth)
        assert response.status_code == 400, query
        issues(response)


def test_other_methods_are_405_operation_outcomes(client):
    response = client.delete("/fhir/metadata")
    assert response.status_code == 405 and issues(response)[0].code == "not-supported"


def test_operation_outcomes_speak_spanish_on_request(send, client):
    response = send("{not json", HTTP_ACCEPT_LANGUAGE="es")
    assert issues(response)[0].diagnostics == "El cuerpo de la solicitud no es JSON válido."
    hsds = client.get("/api/hsds/services?colour=blue", HTTP_ACCEPT_LANGUAGE="es")
    assert hsds.json()["errors"]["colour"][0].startswith("Parámetro desconocido.")


def test_too_many_referrals_is_a_429_operation_outcome_with_retry_after(send, bundle, settings):
    settings.RATELIMIT_ENABLED = True
    settings.RATELIMITS = settings.RATELIMITS | {"referral": (1, 3600)}
    assert send(bundle()).status_code == 201
    response = send(bundle(note="again"))
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert issues(response)[0].code == "throttled"
