"""Referral pages: send one to a routed clinic, the confirmation, a referrer's list, the tracking page."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from config.ratelimit import ratelimit
from directory.models import Clinic
from referrals import access, reroute, thread
from referrals.flow import REFERRER, load_state
from referrals.forms import ReferralContactForm
from referrals.models import MessageAuthor, Referral, hash_secret
from referrals.routing import clinic_fits
from referrals.screening import InvalidAnswers, evaluate_prescreen
from referrals.services import ReferralRefused, create_referral
from referrals.workflow import PATIENT_WORDING, REDIRECTABLE, Status

SENT_SESSION_KEY = "referrals.just_sent"


def _sending(request) -> bool:
    # Only the final submit counts against the referral limit; showing the form does not.
    return request.POST.get("action") == "send"


def _problem(request, message: str, status: int):
    return render(request, "referrals/problem.html", {"message": message}, status=status)


@never_cache
@require_POST
@ratelimit("referral", when=_sending)
def refer(request):
    """From a routed result: contact details and consent naming the clinic, then send."""
    state = load_state(request.POST.get("state", ""))
    if state is None:
        return _problem(request, _("Your answers were not kept for more than a few hours, so please start again."), 400)
    try:
        result = evaluate_prescreen(state.answers)
    except InvalidAnswers:
        return _problem(request, _("Please answer every question of the pre-screen first."), 400)
    on_behalf = state.mode == REFERRER
    if on_behalf and not access.is_referrer(request.user):
        return _problem(request, _("Only a logged-in referrer can send a referral for a patient."), 403)
    clinic = Clinic.objects.published().filter(slug=request.POST.get("clinic", "")).first()
    if clinic is None:
        return _problem(request, _("Please choose a clinic from the list."), 400)
    if not clinic_fits(clinic=clinic, result=result, condition=state.answers.get("condition", "")):
        return _problem(
            request, _("%(clinic)s cannot take this referral through this site.") % {"clinic": clinic.name}, 422
        )

    form_kwargs = {"clinic_name": clinic.name, "on_behalf": on_behalf}
    status = 200
    if request.POST.get("action") == "send":
        form = ReferralContactForm(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                referral, token = create_referral(
                    answers=state.answers,
                    clinic=clinic,
                    patient=form.patient,
                    consent=form.cleaned_data["consent"],
                    note=form.cleaned_data["note"],
                    referrer=request.user if on_behalf else None,
                    idempotency_key=form.cleaned_data["submission_id"],
                )
            except ReferralRefused as exc:
                return _problem(request, exc.message, 422)
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                if token is not None:  # a resubmitted form keeps the first confirmation
                    request.session[SENT_SESSION_KEY] = {
                        "id": referral.pk,
                        "clinic": clinic.name,
                        "tracking_path": reverse("referrals:track", kwargs={"token": token}),
                        "on_behalf": on_behalf,
                    }
                return redirect(reverse("referrals:sent"))
        status = 400
    else:
        form = ReferralContactForm(**form_kwargs)
    return render(
        request,
        "referrals/referral_form.html",
        {"form": form, "clinic": clinic, "result": result, "state": request.POST["state"], "on_behalf": on_behalf},
        status=status,
    )


@never_cache
@require_GET
def sent(request):
    """Shows the tracking link once: it is popped from the session and its token is not stored anywhere."""
    info = request.session.pop(SENT_SESSION_KEY, None)
    tracking_url = request.build_absolute_uri(info["tracking_path"]) if info else None
    return render(request, "referrals/referral_sent.html", {"info": info, "tracking_url": tracking_url})


def find_by_token(token: str) -> Referral | None:
    return Referral.objects.select_related("clinic").filter(tracking_token_hash=hash_secret(token)).first()


def not_found(request):
    return _problem(request, _("We could not find a referral for this link. Check that you copied all of it."), 404)


def render_track(
    request, referral: Referral, token: str, *, error: str = "", status: int = 200, message_error: str = "", draft=""
):
    messages = thread.page_context(
        referral,
        viewer_role=MessageAuthor.PATIENT,
        post_url=reverse("referrals:track_messages", kwargs={"token": token}),
        error=message_error,
        draft=draft,
    )
    history = list(referral.status_changes.values_list("to_status", "at"))
    offer_alternatives = referral.status in REDIRECTABLE and not reroute.already_rerouted(referral)
    response = render(
        request,
        "referrals/track.html",
        {
            "referral": referral,
            "status_label": Status(referral.status).label,
            "status_wording": PATIENT_WORDING[referral.status],
            "history": [{"label": Status(status).label, "at": at} for status, at in history],
            "alternatives": reroute.offers(referral, on_behalf=False) if offer_alternatives else [],
            "offer_alternatives": offer_alternatives,
            "can_reroute": offer_alternatives and referral.anonymised_at is None,
            "reroute_url": reverse("referrals:track_reroute", kwargs={"token": token}),
            "on_behalf": False,
            "chain": reroute.chain(referral),
            "error": error,
            **messages,
        },
        status=status,
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@require_GET
def track(request, token: str):
    referral = find_by_token(token)
    if referral is None:
        return not_found(request)
    return render_track(request, referral, token)
