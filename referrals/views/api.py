"""JSON API: POST /api/prescreen/, POST /api/referrals/, GET /api/referrals/<id>/ (docs/API.md)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt

from config.jsonapi import (
    ApiError,
    error_body,
    error_response,
    json_body,
    json_endpoint,
    one_error,
    validation_errors,
)
from config.ratelimit import ratelimit
from directory.availability import start_date as _start_date
from directory.models import Clinic, PaymentOption
from directory.places import place_suggestions
from directory.search.place import parse_location
from directory.search_availability import MAX_AVAILABLE_DAYS, MIN_AVAILABLE_DAYS
from directory.serializers import clinic_summary
from referrals import access, idempotency
from referrals.audit import record_view
from referrals.auth import AuthFailed, api_caller
from referrals.models import AccessChannel, Referral
from referrals.routing import route
from referrals.screening import crisis_result, evaluate_prescreen, validate_answers
from referrals.screening.engine import crisis_help_for_errors, crisis_lines_text
from referrals.services import ConsentRequired, ReferralRefused, create_referral

PATIENT_FIELDS = ("first_name", "last_name", "email", "phone", "preferred_contact")
MAX_IDEMPOTENCY_KEY = 100
ANONYMOUS_REPLAY = {"id": None, "status": None, "outcome": None, "tracking_url": None, "replayed": True}
ANSWERS_MISSING = gettext_lazy("Send the answers as an object of question id → answer.")


def crisis_lines() -> dict[str, Any]:
    """The crisis lines, as a refused pre-screen or referral carries them."""
    return {"crisis_resources": crisis_lines_text()}


def _referral_answers(body: dict[str, Any]) -> tuple[dict[str, Any], JsonResponse | None]:
    """The referral's answers, or the refusal to send at once.

    As in the pre-screen, a valid crisis answer comes before every other check (the clinic, the
    patient, a blank question): 422 with the crisis outcome and lines. An error naming a
    suicide-risk question carries the lines too.
    """
    if "answers" not in body:
        return {}, error_response({"answers": [ANSWERS_MISSING]}, 400)
    clean, errors = validate_answers(body["answers"], accept_ruleset_1=True)
    crisis = crisis_result(clean)
    if crisis is not None:
        message = _(
            "The pre-screen answers do not allow a referral. If you are in danger, call 911 or call or text 988."
        )
        refusal = error_body({"answers": [message]}) | {"outcome": crisis.outcome} | crisis_lines()
        return clean, JsonResponse(refusal, status=422)
    if errors:
        refusal = error_body(errors)
        if crisis_help := crisis_help_for_errors(errors):
            refusal["crisis_resources"] = crisis_help
        return clean, JsonResponse(refusal, status=400)
    return clean, None


@csrf_exempt  # no side effects and no session data: a pure calculation anyone may ask for
@ratelimit("prescreen", also=crisis_lines)
@json_endpoint("POST")
def prescreen(request):
    body = json_body(request)
    if "answers" in body:
        clean, errors = validate_answers(body["answers"], accept_ruleset_1=True)
    else:
        clean, errors = {}, {"answers": [ANSWERS_MISSING]}
    crisis = crisis_result(clean)
    if crisis is not None:  # before any error: a question left blank never hides a crisis
        return JsonResponse(crisis.as_dict() | {"clinics": []})
    location, location_errors = parse_location(near=body.get("near"), radius=body.get("radius"))
    errors.update(location_errors)
    payment = body.get("payment")
    if payment is not None and (
        not isinstance(payment, str) or not PaymentOption.objects.filter(slug=payment).exists()
    ):
        errors["payment"] = [_("Unknown payment option.")]
    available_within, soonest_first = _availability_options(body, errors)
    if errors:
        suggestions = place_suggestions(body.get("near")) if "near" in errors else []
        refusal = error_body(errors, suggestions={"near": suggestions} if suggestions else None)
        if crisis_help := crisis_help_for_errors(errors):
            refusal["crisis_resources"] = crisis_help
        return JsonResponse(refusal, status=400)

    result = evaluate_prescreen(clean)
    payload = result.as_dict()
    payload["clinics"] = []
    if location is not None:
        for routed in route(
            result=result,
            condition=clean.get("condition", ""),
            point=location.place.point,
            radius_miles=location.radius_miles,
            available_within=available_within,
            soonest_first=soonest_first,
        ):
            clinic = clinic_summary(
                routed.clinic,
                distance_miles=routed.distance_miles,
                request=request,
                lookups=routed.lookups,
                openings=routed.openings,
            )
            clinic["fitting_treatments"] = list(routed.fitting_treatments)
            soonest = routed.next_opening
            clinic["next_opening"] = (
                {"treatment": soonest.treatment_slug, "date": _start_date(soonest).isoformat()} if soonest else None
            )
            if payment:
                clinic["takes_payment"] = routed.takes_payment(payment)
            payload["clinics"].append(clinic)
    return JsonResponse(payload)


def _availability_options(body: dict[str, Any], errors: dict) -> tuple[int | None, bool]:
    """`available_within` (days, 1–180) and `sort` ("distance" or "soonest") of a pre-screen body."""
    within = body.get("available_within")
    if within is not None and (
        isinstance(within, bool)
        or not isinstance(within, int)
        or not MIN_AVAILABLE_DAYS <= within <= MAX_AVAILABLE_DAYS
    ):
        errors["available_within"] = [_("Enter a whole number of days from 1 to 180.")]
        within = None
    sort = body.get("sort")
    if sort is not None and sort not in ("distance", "soonest"):
        errors["sort"] = [_("Sort by distance or soonest opening.")]
    return within, sort == "soonest"


def _patient_from(body: dict[str, Any]) -> dict[str, str]:
    patient = body.get("patient")
    if not isinstance(patient, dict):
        message = _("Send the patient as an object with %(fields)s.") % {"fields": ", ".join(PATIENT_FIELDS)}
        raise ApiError({"patient": [message]})
    errors = {}
    for key in patient:
        if key not in PATIENT_FIELDS:
            errors[f"patient.{key}"] = [_("Unknown field.")]
        elif not isinstance(patient[key], str | None):
            errors[f"patient.{key}"] = [_("Must be text.")]
    if errors:
        raise ApiError(errors)
    return {key: patient.get(key) or "" for key in PATIENT_FIELDS}


def referral_json(referral: Referral, *, tracking_url: str | None = None) -> dict[str, Any]:
    return {
        "id": referral.pk,
        "status": referral.status,
        "outcome": referral.outcome,
        "tracking_url": tracking_url,
    }


@csrf_exempt  # CSRF is enforced in api_caller() whenever the request rides on a session
@ratelimit("referral", also=crisis_lines)
@json_endpoint("POST")
def referrals(request):
    try:
        caller = api_caller(request)
    except AuthFailed as exc:
        return one_error(exc.message, exc.status)
    body = json_body(request)
    answers, refusal = _referral_answers(body)
    if refusal is not None:
        return refusal
    slug = body.get("clinic")
    if not isinstance(slug, str) or not slug:
        raise ApiError({"clinic": [_("Give the slug of the clinic to refer to.")]})
    clinic = Clinic.objects.filter(slug=slug, published=True).first()
    if clinic is None:
        raise ApiError({"clinic": [_("Unknown clinic.")]})
    patient = _patient_from(body)
    note = body.get("note") or ""
    if not isinstance(note, str):
        raise ApiError({"note": [_("Must be text.")]})
    key = request.headers.get("Idempotency-Key") or None
    if key is not None and (len(key) > MAX_IDEMPOTENCY_KEY or not key.isprintable()):
        message = _("Use at most %(count)d printable characters.") % {"count": MAX_IDEMPOTENCY_KEY}
        raise ApiError({"idempotency_key": [message]})
    # Referrers send on a patient's behalf; anyone else who is logged in refers themself.
    referrer = caller.user if access.is_referrer(caller.user) else None
    if caller.by_token and referrer is None:
        return one_error(_("This token's account is not in the Referrers group."), 403)
    try:
        referral, token = create_referral(
            answers=answers,
            clinic=clinic,
            patient=patient,
            consent=body.get("consent"),
            note=note,
            referrer=referrer,
            idempotency_key=idempotency.stored_key(key=key, user=caller.user, referrer=referrer),
        )
    except ConsentRequired as exc:
        return error_response({"consent": [exc.message]}, 400)
    except ReferralRefused as exc:
        return error_response({exc.field: [exc.message]}, 422)
    except ValidationError as exc:
        prefixes = {f"patient_{name}": f"patient.{name}" for name in PATIENT_FIELDS} | {
            "preferred_contact": "patient.preferred_contact"
        }
        return error_response(validation_errors(exc, prefixes), 400)
    if token is None:  # an Idempotency-Key replay: the tracking link was given out the first time only
        if not idempotency.replay_reveals_referral(user=caller.user):
            # Anonymous keys are shared by every anonymous caller: say nothing a stranger could learn.
            return JsonResponse(ANONYMOUS_REPLAY, status=200)
        return JsonResponse(referral_json(referral) | {"replayed": True}, status=200)
    url = request.build_absolute_uri(reverse("referrals:track", kwargs={"token": token}))
    return JsonResponse(referral_json(referral, tracking_url=url), status=201)


@csrf_exempt  # GET only, which changes nothing: any other method is a JSON 405, not Django's HTML 403
@json_endpoint("GET")
def referral_detail(request, pk: int):
    try:
        caller = api_caller(request)
    except AuthFailed as exc:
        return one_error(exc.message, exc.status)
    referral = Referral.objects.select_related("clinic", "referrer").filter(pk=pk).first()
    # 404 for "not yours" as for "no such referral", so ids reveal nothing. Site staff are not
    # parties: they see a referral's row in the admin, never its patient here.
    if referral is None or not access.sees_patient(caller.user, referral):
        return one_error(_("Not found."), 404)
    record_view(referral=referral, user=caller.user, via=AccessChannel.API)
    history = referral.status_changes.select_related("by").all()
    return JsonResponse(
        {
            "id": referral.pk,
            "status": referral.status,
            "outcome": referral.outcome,
            "treatment_outcomes": referral.treatment_outcomes,
            "reasons": referral.findings.get("reasons", []),
            "flags": referral.findings.get("flags", []),
            "high_priority": referral.high_priority,
            "ruleset_version": referral.ruleset_version,
            "answers": referral.answers,
            "clinic": {"slug": referral.clinic.slug, "name": referral.clinic.name},
            "referrer": referral.referrer.username if referral.referrer else None,
            "patient": {
                "first_name": referral.patient_first_name,
                "last_name": referral.patient_last_name,
                "email": referral.patient_email,
                "phone": referral.patient_phone,
                "preferred_contact": referral.preferred_contact,
            },
            "note": referral.note,
            "consent_given_at": referral.consent_given_at.isoformat(),
            "consent_text_version": referral.consent_text_version,
            "created_at": referral.created_at.isoformat(),
            "viewed_at": referral.viewed_at.isoformat() if referral.viewed_at else None,
            "history": [
                {
                    "from_status": change.from_status or None,
                    "to_status": change.to_status,
                    "at": change.at.isoformat(),
                    "by": change.by.username if change.by else None,
                    "note": change.note,
                }
                for change in history
            ],
        }
    )
