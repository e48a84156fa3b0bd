"""The coverage packet's form: the nine PHQ-9 items, the diagnosis, the current antidepressant, and the trials."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from referrals.coverage import choices, phq9
from referrals.coverage.packet import PacketAnswers
from referrals.screening.choices import SCALE_0_3

TRIAL_ROWS = 5


class PacketForm(forms.Form):
    diagnosis = forms.ChoiceField(
        label=_("Diagnosis (ICD-10-CM)"),
        choices=[("", _("Choose a code")), *choices.DIAGNOSES],
        error_messages={"required": _("Choose the diagnosis code.")},
    )
    current_antidepressant = forms.ChoiceField(
        label=_("Antidepressant taken now"),
        required=False,
        choices=[("", _("None")), *choices.antidepressant_choices()],
    )
    current_dose = forms.CharField(label=_("Its dose (for example 20 mg a day)"), required=False, max_length=50)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number, text in enumerate(phq9.ITEMS, start=1):
            self.fields[f"phq9_{number}"] = forms.TypedChoiceField(
                label=f"{number}. {text}",
                choices=SCALE_0_3,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Answer PHQ-9 item %(number)d.") % {"number": number}},
            )

    def phq9_fields(self):
        return [self[f"phq9_{number}"] for number in range(1, phq9.ITEM_COUNT + 1)]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("current_dose") and not cleaned.get("current_antidepressant"):
            self.add_error("current_dose", _("Choose the antidepressant this dose is for."))
        return cleaned


class TrialForm(forms.Form):
    """One antidepressant tried. A row left blank is skipped; a row half filled is an error."""

    drug = forms.ChoiceField(
        label=_("Antidepressant or class"),
        required=False,
        choices=[("", "—"), *choices.antidepressant_choices()],
    )
    dose_mg = forms.DecimalField(
        label=_("Dose (mg a day)"),
        required=False,
        min_value=Decimal("0.1"),
        max_value=Decimal("2000"),
        max_digits=6,
        decimal_places=1,
    )
    weeks = forms.IntegerField(label=_("Weeks taken"), required=False, min_value=1, max_value=520)
    outcome = forms.ChoiceField(label=_("Outcome"), required=False, choices=[("", "—"), *choices.OUTCOMES])

    FIELDS = ("drug", "dose_mg", "weeks", "outcome")

    def clean(self):
        cleaned = super().clean()
        given = [name for name in self.FIELDS if cleaned.get(name) not in (None, "")]
        if given and len(given) < len(self.FIELDS) and not self.errors:
            raise forms.ValidationError(
                _("Fill in the antidepressant, dose, weeks and outcome, or leave the row empty.")
            )
        return cleaned

    def trial(self) -> dict | None:
        if not self.cleaned_data or not self.cleaned_data.get("drug"):
            return None
        data = self.cleaned_data
        return {
            "drug": data["drug"],
            "dose_mg": str(data["dose_mg"]),
            "weeks": data["weeks"],
            "outcome": data["outcome"],
        }


TrialFormSet = formset_factory(TrialForm, extra=0, max_num=TRIAL_ROWS, absolute_max=TRIAL_ROWS, validate_max=True)


def trial_formset(data=None, *, trials=()) -> forms.BaseFormSet:
    """Always TRIAL_ROWS rows: the saved trials, then blank ones."""
    initial = [dict(trial) for trial in trials][:TRIAL_ROWS]
    initial += [{}] * (TRIAL_ROWS - len(initial))
    return TrialFormSet(data, initial=initial, prefix="trial")


def packet_answers(form: PacketForm, formset) -> PacketAnswers:
    data = form.cleaned_data
    return PacketAnswers(
        phq9_items=[data[f"phq9_{number}"] for number in range(1, phq9.ITEM_COUNT + 1)],
        diagnosis=data["diagnosis"],
        trials=[trial for trial in (row.trial() for row in formset) if trial],
        current_antidepressant=data["current_antidepressant"],
        current_dose=data["current_dose"],
    )


def initial_from(packet) -> dict:
    if packet is None:
        return {}
    initial = {f"phq9_{number}": value for number, value in enumerate(packet.phq9_items, start=1)}
    return initial | {
        "diagnosis": packet.diagnosis,
        "current_antidepressant": packet.current_antidepressant,
        "current_dose": packet.current_dose,
    }
