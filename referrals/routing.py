"""Which clinics a pre-screen result may be routed to, nearest first.

Shared by `POST /api/prescreen/`, the pre-screen page, referrals (does the chosen
clinic fit?) and the tracking page (next nearest clinics after a decline).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from directory import geo
from directory.card_data import ClinicLookups, page_lookups
from directory.models import Clinic, Treatment
from referrals.screening import ScreeningResult

DEFAULT_RADIUS_MILES = 25.0
MAX_CLINICS = 20


@dataclass(frozen=True)
class RoutedClinic:
    clinic: Clinic
    distance_miles: float
    fitting_treatments: tuple[str, ...]
    lookups: ClinicLookups  # the clinic's treatments, conditions, payment options and languages

    def takes_payment(self, payment: str | None) -> bool | None:
        """None when the person did not say how they would pay."""
        if not payment:
            return None
        return any(option.slug == payment for option in self.lookups.payment_options)


def fitting_clinics(*, fitting_treatments: Iterable[str], condition: str) -> QuerySet[Clinic]:
    """Published clinics that take referrals and new patients, treat `condition`
    and offer at least one of `fitting_treatments` (no distance limit)."""
    treatments = list(fitting_treatments)
    if not treatments or not condition:
        return Clinic.objects.none()
    offers_fitting = Treatment.objects.filter(clinics=OuterRef("pk"), slug__in=treatments)
    return Clinic.objects.published().filter(
        Exists(offers_fitting),
        accepts_referrals=True,
        accepting_new_patients=True,
        conditions__slug=condition,
    )


def clinic_fits(*, clinic: Clinic, result: ScreeningResult, condition: str) -> bool:
    if not result.is_routable:
        return False
    candidates = fitting_clinics(fitting_treatments=result.fitting_treatments, condition=condition)
    return candidates.filter(pk=clinic.pk).exists()


def route(
    *,
    result: ScreeningResult,
    condition: str,
    point: geo.Point,
    radius_miles: float = DEFAULT_RADIUS_MILES,
    limit: int = MAX_CLINICS,
    exclude_ids: Iterable[int] = (),
) -> list[RoutedClinic]:
    """Clinics a `suitable` or `review` result may go to, nearest first; none otherwise."""
    if not result.is_routable:
        return []
    # Keys first: for this values_list() query directory.nearby still looks in smaller circles
    # first (New York at 1M clinics: 740 ms -> 23 ms), and the routing filters need no count.
    # Then the rows by key, and the four lookups clinic_summary reads (no opening hours) in one plain
    # query each (directory.card_data: prefetch_related cost ~10 ms of CPU for 20 clinics).
    ids = list(
        fitting_clinics(fitting_treatments=result.fitting_treatments, condition=condition)
        .exclude(pk__in=list(exclude_ids))
        .near(point, radius_miles)
        .order_by("distance_sq", "name")
        .values_list("pk", flat=True)[:limit]
    )
    by_id = {c.pk: c for c in Clinic.objects.filter(pk__in=ids).select_related("city")}
    lookups = page_lookups(list(by_id))
    routed = []
    for clinic in (by_id[pk] for pk in ids if pk in by_id):
        offered = {t.slug for t in lookups[clinic.pk].treatments}
        routed.append(
            RoutedClinic(
                clinic=clinic,
                distance_miles=geo.distance_miles(point, clinic.point),
                fitting_treatments=tuple(t for t in result.fitting_treatments if t in offered),
                lookups=lookups[clinic.pk],
            )
        )
    # The database orders by a flat-earth approximation; the exact miles settle near-ties.
    return sorted(routed, key=lambda r: (r.distance_miles, r.clinic.name))
