"""The FHIR endpoints under /fhir/: thin views over the builders and the referral services."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from fhir.resources.R4B.bundle import Bundle

from config.ratelimit import client_key, hit, scope_limits, seconds_left
from config.users import is_active_user
from referrals import access
from referrals.audit import record_view
from referrals.auth import ApiCaller, api_caller
from referrals.models import AccessChannel, Referral
from referrals.screening import InvalidAnswers, validate_answers
from referrals.services import ConsentRequired, ReferralRefused, create_referral
from referrals.views.api import MAX_IDEMPOTENCY_KEY

from . import directory, referrals
from .bundle import parse_referral_bundle
from .capability import capability_statement
from .http import FhirError, emit, fhir_response, fhir_view, invalid, outcome, read_json
from .questionnaire import prescreen_questionnaire
from .search import task_search_bundle

# Where in the Bundle each field of a refusal by create_referral lives.
REFUSAL_EXPRESSIONS = {
    "answers": "QuestionnaireResponse",
    "clinic": "ServiceRequest.performer",
    "idempotency_key": "Idempotency-Key",
}


def _base(request) -> str:
    return request.build_absolute_uri("/fhir").rstrip("/")


def _signed_in(request) -> ApiCaller:
    caller = api_caller(request)
    if not is_active_user(caller.user):
        raise invalid(_("Send 'Authorization: Token <key>' of a referrer."), status=401, code="login")
    return caller


def _not_found() -> FhirError:
    return invalid(_("Not found."), status=404, code="not-found")


@fhir_view("GET")
def metadata(request):
    return fhir_response(capability_statement())


@fhir_view("GET")
def questionnaire(request):
    return fhir_response(prescreen_questionnaire())


def _throttle(request) -> None:
    """The JSON API's referral limit (same scope, same counter), answered as an OperationOutcome."""
    if not getattr(settings, "RATELIMIT_ENABLED", True):
        return
    limit, window = scope_limits("referral")
    if not hit(key=client_key(request, scope="referral"), limit=limit, window_seconds=window):
        retry = seconds_left(window_seconds=window)
        message = ngettext(
            "Too many requests; try again in %(seconds)d second.",
            "Too many requests; try again in %(seconds)d seconds.",
            retry,
        ) % {"seconds": retry}
        error = invalid(message, status=429, code="throttled")
        error.headers["Retry-After"] = str(retry)
        raise error


def _answer_issues(errors: dict[str, list[str]]) -> FhirError:
    return FhirError(
        [
            ("invalid", f"{qid}: {message}", f"QuestionnaireResponse.item.where(linkId='{qid}')")
            for qid, messages in errors.items()
            for message in messages
        ]
    )


def _created(request, referral: Referral, token: str | None):
    base = _base(request)
    history = referrals.history_of(referral)
    created = token is not None
    entries = []
    for resource, location in (
        (referrals.service_request(referral, history), f"ServiceRequest/{referral.pk}"),
        (referrals.task(referral, history), f"Task/{referral.pk}/_history/{len(history)}"),
    ):
        response = {"status": "201 Created" if created else "200 OK", "location": location}
        if resource["resourceType"] == "Task" and created:
            link = request.build_absolute_uri(reverse("referrals:track", kwargs={"token": token}))
            text = _("The patient's status page (given out once, keep it for them): %(url)s") % {"url": link}
            response["outcome"] = outcome([("informational", text, None)], severity="information")
        entries.append(
            {"fullUrl": f"{base}/{location.split('/_history')[0]}", "resource": resource, "response": response}
        )
    bundle = {"resourceType": "Bundle", "type": "transaction-response", "entry": entries}
    return fhir_response(emit(Bundle, bundle), 201 if created else 200, Location=f"{base}/Task/{referral.pk}")


@fhir_view("POST")  # CSRF is enforced in api_caller() whenever the request rides on a session
def transaction(request):
    _throttle(request)
    caller = _signed_in(request)
    if not access.is_referrer(caller.user):
        raise invalid(_("Only members of the Referrers group send referrals here."), status=403, code="forbidden")
    submission = parse_referral_bundle(read_json(request))
    clean, errors = validate_answers(submission.answers)
    if errors:
        raise _answer_issues(errors)
    key = request.headers.get("Idempotency-Key") or None
    if key is not None and (len(key) > MAX_IDEMPOTENCY_KEY or not key.isprintable()):
        raise invalid(
            _("Use at most %(count)d printable characters.") % {"count": MAX_IDEMPOTENCY_KEY}, "Idempotency-Key"
        )
    try:
        referral, token = create_referral(
            answers=clean,
            clinic=submission.clinic,
            patient=submission.patient,
            consent=submission.consent,
            note=submission.note,
            referrer=caller.user,
            idempotency_key=key,
        )
    except ConsentRequired as exc:
        raise invalid(exc.message, "Consent", code="required") from None
    except ReferralRefused as exc:
        where = REFUSAL_EXPRESSIONS.get(exc.field, exc.field)
        raise invalid(exc.message, where, status=422, code="business-rule") from None
    except InvalidAnswers as exc:
        raise _answer_issues(exc.errors) from None
    except ValidationError as exc:
        raise FhirError([("invalid", message, "Patient") for message in exc.messages]) from None
    return _created(request, referral, token)


def _visible_referral(request, pk: str) -> tuple[Referral, ApiCaller]:
    caller = _signed_in(request)
    referral = None
    if pk.isdigit() and len(pk) < 19:
        referral = Referral.objects.select_related("clinic", "referrer").filter(pk=int(pk)).first()
    # Only the parties, as GET /api/referrals/<id>/: a Task and its ServiceRequest name the patient.
    # 404 for "not yours" as for "no such referral", so ids reveal nothing.
    if referral is None or not access.sees_patient(caller.user, referral):
        raise _not_found()
    record_view(referral=referral, user=caller.user, via=AccessChannel.API)
    return referral, caller


@fhir_view("GET")
def task_read(request, pk: str):
    referral, _caller = _visible_referral(request, pk)
    return fhir_response(referrals.task(referral))


@fhir_view("GET")
def task_history(request, pk: str):
    referral, _caller = _visible_referral(request, pk)
    return fhir_response(referrals.task_history_bundle(referral, _base(request)))


@fhir_view("GET")
def task_version(request, pk: str, version: str):
    referral, _caller = _visible_referral(request, pk)
    history = referrals.history_of(referral)
    if not version.isdigit() or not 1 <= int(version) <= len(history):
        raise _not_found()
    return fhir_response(referrals.task_version(referral, history, int(version)))


@fhir_view("GET")
def task_search(request):
    caller = _signed_in(request)
    visible = access.referrals_of_parties(caller.user).select_related("clinic", "referrer")
    return fhir_response(task_search_bundle(request, visible, base=_base(request)))


@fhir_view("GET")
def service_request_read(request, pk: str):
    referral, _caller = _visible_referral(request, pk)
    return fhir_response(referrals.service_request(referral))


def _clinic_read(build):
    @fhir_view("GET")
    def view(request, pk: str):
        clinic = directory.published_clinic(pk)
        if clinic is None:
            raise _not_found()
        return fhir_response(build(clinic))

    return view


organization_read = _clinic_read(directory.organization)
location_read = _clinic_read(directory.location)
healthcare_service_read = _clinic_read(directory.healthcare_service)
