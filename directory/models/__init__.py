"""Directory models: cities, clinics, their lookups, hours and staff."""

from . import history  # noqa: F401  (registers change history on Clinic and OpeningHours)
from .availability import AvailabilityStatus, TreatmentAvailability
from .cities import City
from .clinics import Clinic, ClinicQuerySet
from .hours import OpeningHours
from .lookups import Condition, Language, PaymentOption, Treatment
from .membership import ClinicMembership
from .reports import ProblemReport
from .search_document import ClinicSearchDocument

__all__ = [
    "AvailabilityStatus",
    "City",
    "Clinic",
    "ClinicMembership",
    "ClinicQuerySet",
    "ClinicSearchDocument",
    "Condition",
    "Language",
    "OpeningHours",
    "PaymentOption",
    "ProblemReport",
    "Treatment",
    "TreatmentAvailability",
]
