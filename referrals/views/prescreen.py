"""The pre-screen page: one group of questions at a time, then the outcome and nearby clinics.

Works without JavaScript: every step is a POST form carrying the earlier answers in
a signed hidden field (see flow.py). A crisis answer ends the screen at once.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from config.ratelimit import ratelimit
from directory.display_names import translated_name
from directory.models import Treatment
from referrals import access, outcome_wording
from referrals.flow import (
    REFERRER,
    SELF,
    STEPS,
    State,
    answers_from_post,
    asked_through,
    load_state,
    next_step,
    previous_step,
    question_fields,
    steps_for,
)
from referrals.forms import LocationForm
from referrals.routing import route
from referrals.screening import QUESTIONS, InvalidAnswers, crisis_findings, evaluate_prescreen, validate_answers
from referrals.screening.questions import SECTIONS_BY_ID, follow_ups_required, questions_in

EXPIRED = gettext_lazy("Your answers were not kept for more than a few hours, so please start again.")


def render_step(request, *, step: str, state: State, errors=None, values=None, status: int = 200, notice: str = ""):
    answers = state.answers
    shown = answers | (values or {})
    steps = steps_for(shown)
    if step not in steps:
        steps = list(STEPS)
    fields = question_fields(
        questions_in(step, shown),
        values if values is not None else answers,
        errors or {},
        on_behalf=state.mode == REFERRER,
    )
    return render(
        request,
        "referrals/prescreen_step.html",
        {
            "section": SECTIONS_BY_ID[step],
            "step": step,
            "step_number": steps.index(step) + 1,
            "step_count": len(steps),
            "fields": fields,
            "error_fields": [field for field in fields if field["errors"]],
            "state": state.dumps(),
            "has_previous": previous_step(step, answers) is not None,
            "notice": notice,
            "on_behalf": state.mode == REFERRER,
            "thoughts_reported": follow_ups_required(shown),
            # Only the empty first step (a GET) is for search engines; every answer page says noindex.
            "indexable": request.method == "GET",
        },
        status=status,
    )


def render_result(request, *, state: State, form: LocationForm | None = None, status: int = 200):
    result = evaluate_prescreen(state.answers)
    routed = None
    if form is not None and form.is_bound and form.is_valid():
        location = form.location
        routed = route(
            result=result,
            condition=state.answers.get("condition", ""),
            point=location.place.point,
            radius_miles=location.radius_miles,
        )
    payment = form.cleaned_data.get("payment") if form is not None and form.is_bound and form.is_valid() else None
    treatment_names = {slug: translated_name(name) for slug, name in Treatment.objects.values_list("slug", "name")}
    return render(
        request,
        "referrals/prescreen_result.html",
        {
            "result": result,
            "headline": outcome_wording.headline(result),
            "treatments": [
                {
                    "slug": slug,
                    "name": treatment_names.get(slug, slug),
                    "outcome": outcome,
                    "row": outcome_wording.treatment_row(result, slug),
                }
                for slug, outcome in result.treatment_outcomes.items()
            ],
            "form": form or LocationForm(on_behalf=state.mode == REFERRER),
            "place": form.location.place if routed is not None else None,
            "routed": [
                {
                    "entry": entry,
                    "fitting_names": [treatment_names.get(t, t) for t in entry.fitting_treatments],
                    "takes_payment": entry.takes_payment(payment),
                }
                for entry in routed or []
            ],
            "searched": routed is not None,
            "state": state.dumps(),
            "on_behalf": state.mode == REFERRER,
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
@ratelimit("prescreen")
def prescreen(request):
    if request.method == "GET":
        return render_step(request, step=STEPS[0], state=State({}, SELF))
    token = request.POST.get("state", "")
    state = load_state(token) if token else State({}, SELF)
    if state is None:
        return render_step(request, step=STEPS[0], state=State({}, SELF), notice=EXPIRED, status=400)
    if request.POST.get("action") == "location":
        return _location(request, state)

    step = request.POST.get("step")
    if step not in STEPS:
        notice = _("Please start from the first question.")
        return render_step(request, step=STEPS[0], state=state, notice=notice, status=400)
    if request.POST.get("action") == "back":
        back = previous_step(step, state.answers) or STEPS[0]
        return render_step(request, step=back, state=state)

    step_ids = {q.id for q in questions_in(step)}
    earlier = {k: v for k, v in state.answers.items() if k not in step_ids}
    # Every question of the step is read when sent, even a follow-up not shown: a risk answer
    # (a plan sent with item 9 at 0) is never dropped.
    raw = earlier | answers_from_post(request.POST, questions_in(step))
    clean, errors = validate_answers(raw, only=asked_through(step))
    if crisis_findings(clean):
        # A crisis answer wins over any question left blank: stop at once. Nothing is kept.
        return redirect(reverse("referrals:crisis"), permanent=False)
    if errors:
        if set(errors) - step_ids:  # earlier answers missing: the state does not match this step
            return render_step(request, step=STEPS[0], state=State({}, state.mode), notice=EXPIRED, status=400)
        return render_step(request, step=step, state=state, errors=errors, values=raw, status=400)
    following = next_step(step, clean)
    state = State(clean, state.mode)
    if following:
        return render_step(request, step=following, state=state)
    return render_result(request, state=state)


def _location(request, state: State):
    try:
        evaluate_prescreen(state.answers)
    except InvalidAnswers:
        return render_step(request, step=STEPS[0], state=State({}, state.mode), notice=EXPIRED, status=400)
    form = LocationForm(request.POST, on_behalf=state.mode == REFERRER)
    status = 200 if form.is_valid() else 400
    return render_result(request, state=state, form=form, status=status)


@require_GET
def crisis(request):
    return render(request, "referrals/crisis.html")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@ratelimit("prescreen")
def new_referral(request):
    """A referrer answers every question on one page for their patient, then routes as a patient would."""
    if not access.is_referrer(request.user):
        return render(request, "referrals/not_a_referrer.html", status=403)
    errors, values = {}, {}
    if request.method == "POST":
        values = answers_from_post(request.POST, QUESTIONS)
        clean, errors = validate_answers(values)
        if crisis_findings(clean):  # before any error: a blank elsewhere never hides a crisis
            return redirect(reverse("referrals:crisis"))
        if not errors:
            return render_result(request, state=State(clean, REFERRER))
    sections = [
        {"section": SECTIONS_BY_ID[step], "fields": question_fields(questions_in(step), values, errors, on_behalf=True)}
        for step in STEPS
    ]
    error_fields = [field for section in sections for field in section["fields"] if field["errors"]]
    return render(
        request,
        "referrals/referral_new.html",
        {"sections": sections, "error_fields": error_fields},
        status=400 if errors else 200,
    )
