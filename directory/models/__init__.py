"""Directory models: cities, clinics, their lookups, hours and staff."""

from .cities import City
from .clinics import Clinic, ClinicQuerySet
from .hours import OpeningHours
from .lookups import Condition, Language, PaymentOption, Treatment
from .membership import ClinicMembership

__all__ = [
    "City",
    "Clinic",
    "ClinicMembership",
    "ClinicQuerySet",
    "Condition",
    "Language",
    "OpeningHours",
    "PaymentOption",
    "Treatment",
]
