"""Admin forms for listings: checks a person can act on, and placing the clinic from its ZIP code."""

from __future__ import annotations

from django import forms

from directory import geo
from directory.models import Clinic, OpeningHours
from directory.placement import needs_geocoding

M2M_FIELDS = ("treatments", "conditions", "payment_options", "languages")
# What a listing's page shows, grouped as people think of it (the admin's fieldsets).
CLINIC_FIELDSETS = [
    ("Listing", ["name", "slug", "city", "published", "verified", "verified_at"]),
    ("About", ["description", "medical_director", "medical_director_credential", "rems_certified"]),
    ("Contact", ["phone", "email", "website"]),
    ("Address", ["street_address", "zip_code", "latitude", "longitude", "timezone"]),
    ("Treatments and payment", [*M2M_FIELDS, "price_from", "price_to"]),
    ("Patients and referrals", ["accepting_new_patients", "telehealth", "accepts_referrals", "referral_email"]),
]


class ClinicAdminForm(forms.ModelForm):
    class Meta:
        model = Clinic
        fields = [name for _, names in CLINIC_FIELDSETS for name in names if name != "timezone"]
        widgets = {name: forms.CheckboxSelectMultiple for name in M2M_FIELDS}

    def clean_zip_code(self) -> str:
        zip_code = self.cleaned_data["zip_code"].strip()
        if geo.ZIP_RE.match(zip_code) and geo.lookup_zip(zip_code) is None:
            raise forms.ValidationError("We do not know the ZIP code %(zip)s. Check it.", params={"zip": zip_code})
        return zip_code

    def clean(self):
        cleaned = super().clean()
        price_from, price_to = cleaned.get("price_from"), cleaned.get("price_to")
        if price_from is not None and price_to is not None and price_to < price_from:
            self.add_error("price_to", "The highest price cannot be lower than the lowest price.")
        if cleaned.get("accepts_referrals") and not cleaned.get("referral_email") and "referral_email" in self.fields:
            self.add_error("referral_email", "Enter the address where new-referral notices should go.")
        self._place_from_zip(cleaned)
        return cleaned

    def _place_from_zip(self, cleaned: dict) -> None:
        if "zip_code" not in self.fields or "latitude" not in self.fields:
            return
        record = geo.lookup_zip(cleaned.get("zip_code") or "")
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if (latitude is None) != (longitude is None):
            self.add_error("longitude" if longitude is None else "latitude", "Enter both coordinates, or neither.")
            return
        if record is None:
            return  # the ZIP field already carries its error
        zip_changed = "zip_code" in self.changed_data
        if needs_geocoding(
            has_coordinates=latitude is not None,
            zip_changed=zip_changed,
            coordinates_edited=bool({"latitude", "longitude"} & set(self.changed_data)),
        ):
            cleaned["latitude"], cleaned["longitude"] = record.point.latitude, record.point.longitude
            zip_changed = True
        if zip_changed:
            self.instance.timezone = record.timezone


class OpeningHoursForm(forms.ModelForm):
    class Meta:
        model = OpeningHours
        fields = ["weekday", "opens", "closes"]

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens"), cleaned.get("closes")
        if opens is not None and closes is not None and closes <= opens:
            self.add_error("closes", "Closing time must be later than opening time.")
        return cleaned
