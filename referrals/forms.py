"""Forms of the pre-screen pages: where to look for clinics, and a referral's contact details."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.display_names import translated_name
from directory.models import PaymentOption
from directory.search.place import Location, PlaceField
from referrals.consent import consent_label
from referrals.models import PreferredContact

RADIUS_CHOICES = [
    (10, gettext_lazy("10 miles")),
    (25, gettext_lazy("25 miles")),
    (50, gettext_lazy("50 miles")),
    (100, gettext_lazy("100 miles")),
    (250, gettext_lazy("250 miles")),
]


class LocationForm(forms.Form):
    near = PlaceField(  # the search's own field: the same text names the same place
        label=gettext_lazy("Your ZIP code (or city and state)"),
        max_length=100,
        help_text=gettext_lazy("For example 30303 or Atlanta, GA. We use it only to find clinics near you."),
        # Type-ahead (static/js/place_suggest.js) fills the datalist next to the field.
        widget=forms.TextInput(attrs={"list": "id_near-places", "data-place-suggest": "/api/places/"}),
    )
    radius = forms.TypedChoiceField(
        label=gettext_lazy("How far can you travel?"), choices=RADIUS_CHOICES, coerce=int, initial=25
    )
    payment = forms.ChoiceField(label=gettext_lazy("How would you pay? (optional)"), required=False)

    def __init__(self, *args, on_behalf: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if on_behalf:  # a referrer answers about the patient: whole sentences, so each language words them
            self.fields["near"].label = _("The patient's ZIP code (or city and state)")
            self.fields["near"].help_text = _(
                "For example 30303 or Atlanta, GA. We use it only to find clinics near the patient."
            )
            self.fields["radius"].label = _("How far can the patient travel?")
            self.fields["payment"].label = _("How would the patient pay? (optional)")
        self.fields["payment"].choices = [("", _("I'd rather not say"))] + [
            (p.slug, translated_name(p)) for p in PaymentOption.objects.all()
        ]

    @property
    def location(self) -> Location:
        return Location(self.cleaned_data["near"], float(self.cleaned_data["radius"]))


class ReferralContactForm(forms.Form):
    first_name = forms.CharField(max_length=100)
    last_name = forms.CharField(max_length=100)
    email = forms.EmailField(required=False)
    phone = forms.CharField(max_length=30, required=False)
    preferred_contact = forms.ChoiceField(choices=PreferredContact.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Anything the clinic should know, like good times to call. Please do not write about self-harm here."
        ),
    )
    consent = forms.BooleanField(
        required=True, error_messages={"required": gettext_lazy("Please agree, or we cannot send it.")}
    )
    # Sent back with the form so a double click or a resubmit cannot create a second referral.
    submission_id = forms.CharField(widget=forms.HiddenInput, max_length=100)

    def __init__(self, *args, clinic_name: str, on_behalf: bool, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("submission_id", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)
        # Whole sentences per case, so each language can word them its own way.
        labels = (
            {
                "first_name": _("The patient's first name"),
                "last_name": _("The patient's last name"),
                "email": _("The patient's email"),
                "phone": _("The patient's phone number"),
                "preferred_contact": _("How should the clinic contact them?"),
            }
            if on_behalf
            else {
                "first_name": _("Your first name"),
                "last_name": _("Your last name"),
                "email": _("Your email"),
                "phone": _("Your phone number"),
                "preferred_contact": _("How should the clinic contact you?"),
            }
        )
        for name, label in labels.items():
            self.fields[name].label = label
        self.fields["consent"].label = consent_label(clinic_name=clinic_name, on_behalf=on_behalf)

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("phone"):
            raise forms.ValidationError(_("Give an email address or a phone number."))
        if data.get("preferred_contact") == PreferredContact.EMAIL and not data.get("email"):
            self.add_error("email", _("You chose email, so please give an email address."))
        if data.get("preferred_contact") == PreferredContact.PHONE and not data.get("phone"):
            self.add_error("phone", _("You chose phone, so please give a phone number."))
        return data

    @property
    def patient(self) -> dict[str, str]:
        keys = ("first_name", "last_name", "email", "phone", "preferred_contact")
        return {key: self.cleaned_data[key] for key in keys}
