"""Forms of the pre-screen pages: where to look for clinics, and a referral's contact details."""

from __future__ import annotations

import uuid

from django import forms

from directory.geo import UnknownPlace, resolve_place
from directory.models import PaymentOption
from referrals.consent import consent_label
from referrals.location import Location
from referrals.models import PreferredContact

RADIUS_CHOICES = [(10, "10 miles"), (25, "25 miles"), (50, "50 miles"), (100, "100 miles"), (250, "250 miles")]


class LocationForm(forms.Form):
    near = forms.CharField(
        label="Your ZIP code (or city and state)",
        max_length=100,
        help_text="For example 30303 or Atlanta, GA. We use it only to find clinics near you.",
    )
    radius = forms.TypedChoiceField(label="How far can you travel?", choices=RADIUS_CHOICES, coerce=int, initial=25)
    payment = forms.ChoiceField(label="How would you pay? (optional)", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["payment"].choices = [("", "I'd rather not say")] + [
            (p.slug, p.name) for p in PaymentOption.objects.all()
        ]

    def clean_near(self):
        try:
            self.place = resolve_place(self.cleaned_data["near"])
        except UnknownPlace as exc:
            raise forms.ValidationError(str(exc)) from None
        return self.cleaned_data["near"]

    @property
    def location(self) -> Location:
        return Location(self.place, float(self.cleaned_data["radius"]))


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
        help_text="Anything the clinic should know, like good times to call. Please do not write about self-harm here.",
    )
    consent = forms.BooleanField(required=True, error_messages={"required": "Please agree, or we cannot send it."})
    # Sent back with the form so a double click or a resubmit cannot create a second referral.
    submission_id = forms.CharField(widget=forms.HiddenInput, max_length=100)

    def __init__(self, *args, clinic_name: str, on_behalf: bool, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("submission_id", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)
        whose = "The patient's" if on_behalf else "Your"
        self.fields["first_name"].label = f"{whose} first name"
        self.fields["last_name"].label = f"{whose} last name"
        self.fields["email"].label = f"{whose} email"
        self.fields["phone"].label = f"{whose} phone number"
        self.fields["preferred_contact"].label = "How should the clinic contact " + ("them?" if on_behalf else "you?")
        self.fields["consent"].label = consent_label(clinic_name=clinic_name, on_behalf=on_behalf)

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("phone"):
            raise forms.ValidationError("Give an email address or a phone number.")
        if data.get("preferred_contact") == PreferredContact.EMAIL and not data.get("email"):
            self.add_error("email", "You chose email, so please give an email address.")
        if data.get("preferred_contact") == PreferredContact.PHONE and not data.get("phone"):
            self.add_error("phone", "You chose phone, so please give a phone number.")
        return data

    @property
    def patient(self) -> dict[str, str]:
        keys = ("first_name", "last_name", "email", "phone", "preferred_contact")
        return {key: self.cleaned_data[key] for key in keys}
