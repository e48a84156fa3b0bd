"""Deterministic synthetic clinics for benchmarks (`manage.py generate_clinics`).

Every clinic is fictional: names say so, phones are 555-01xx, web addresses are
example.org. Clinics sit within about two miles of real US ZIP centroids. ZIPs are
weighted by how many ZIPs their city has: the zipcodes package carries no
population, and big cities have many ZIPs (New York 145, Houston 178, a small town
one), so a ZIP in a big city draws more clinics than a rural one. At 1,000,000
clinics that puts about 45,000 within 25 miles of Midtown Manhattan and about 20
near Absarokee, Montana, which is roughly where people live.

Rows are produced as plain tuples and written by `directory.bulk_writer`, which
skips model instances (a million `Clinic()` objects alone would take minutes).
"""

from __future__ import annotations

import datetime
import math
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from django.utils.text import slugify

from directory import geo

# The 50 states and DC; military (AA/AE/AP) and territory ZIPs are left out.
STATES = frozenset(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH "
    "OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY".split()
)
JITTER_MILES = 2.0

# (weekday, opens, closes) sets; most clinics keep office hours, some open Saturdays.
_T = datetime.time
HOURS_PATTERNS: tuple[tuple[tuple[int, datetime.time, datetime.time], ...], ...] = (
    tuple((d, _T(9), _T(17)) for d in range(5)),
    tuple((d, _T(8), _T(18)) for d in range(5)) + ((5, _T(9), _T(13)),),
    tuple((d, _T(10), _T(18)) for d in range(1, 6)),
    tuple((d, _T(7), _T(19)) for d in range(4)),
)
# Relative odds of each lookup slug; the API's slugs (docs/API.md).
TREATMENT_ODDS = {
    "iv-infusion": 0.8,
    "im-injection": 0.3,
    "esketamine-nasal-spray": 0.35,
    "oral-sublingual": 0.25,
    "ketamine-assisted-psychotherapy": 0.3,
}
CONDITION_ODDS = {
    "depression": 0.9,
    "treatment-resistant-depression": 0.7,
    "anxiety": 0.6,
    "ptsd": 0.55,
    "ocd": 0.3,
    "bipolar-depression": 0.25,
    "chronic-pain": 0.45,
    "crps": 0.2,
    "fibromyalgia": 0.25,
    "migraine": 0.2,
}
PAYMENT_ODDS = {
    "self-pay": 0.95,
    "private-insurance": 0.35,
    "medicare": 0.15,
    "medicaid": 0.08,
    "tricare-va": 0.1,
    "financing": 0.3,
}
LANGUAGE_ODDS = {"en": 1.0, "es": 0.25, "zh": 0.03, "vi": 0.03, "ko": 0.02, "ru": 0.02, "fr": 0.02}


@dataclass(frozen=True)
class SyntheticClinic:
    """One generated clinic: the column values plus the lookup slugs and hours it gets."""

    number: int
    slug: str
    zip_record: geo.ZipRecord
    latitude: float
    longitude: float
    published: bool
    verified: bool
    accepting_new_patients: bool
    telehealth: bool
    accepts_referrals: bool
    price_from: int
    treatments: tuple[str, ...]
    conditions: tuple[str, ...]
    payment_options: tuple[str, ...]
    languages: tuple[str, ...]
    hours: tuple[tuple[int, datetime.time, datetime.time], ...]

    @property
    def name(self) -> str:
        return f"Synthetic Clinic {self.number:07d} (fictional)"

    @property
    def city_key(self) -> tuple[str, str]:
        return (self.zip_record.city, self.zip_record.state)


@lru_cache(maxsize=1)
def weighted_zips() -> tuple[tuple[geo.ZipRecord, ...], tuple[float, ...]]:
    """ZIP records of the states, and cumulative weights (ZIPs in the same city) for `random.choices`."""
    records = sorted(
        (r for r in geo.zip_index().values() if r.state in STATES),
        key=lambda r: r.zip_code,
    )
    per_city = Counter((r.city, r.state) for r in records)
    cumulative, total = [], 0.0
    for record in records:
        total += per_city[(record.city, record.state)]
        cumulative.append(total)
    return tuple(records), tuple(cumulative)


def city_slug(name: str, state: str) -> str:
    return slugify(f"{name}-{state}")


def _pick(rng: random.Random, odds: dict[str, float], *, at_least_one: str) -> tuple[str, ...]:
    chosen = tuple(slug for slug, p in odds.items() if rng.random() < p)
    return chosen or (at_least_one,)


def _jitter(rng: random.Random, point: geo.Point) -> tuple[float, float]:
    """A point uniformly spread over a disc of JITTER_MILES around `point`."""
    miles = JITTER_MILES * math.sqrt(rng.random())
    angle = rng.random() * 2 * math.pi
    d_lat = miles * math.cos(angle) / geo.MILES_PER_DEGREE_LATITUDE
    d_lng = miles * math.sin(angle) / (geo.MILES_PER_DEGREE_LATITUDE * geo.longitude_scale(point.latitude))
    lat = min(max(point.latitude + d_lat, -90.0), 90.0)
    lng = min(max(point.longitude + d_lng, -180.0), 180.0)
    return round(lat, 6), round(lng, 6)


def synthetic_clinics(*, count: int, seed: int, start: int = 1) -> Iterator[SyntheticClinic]:
    """`count` clinics numbered from `start`; the same (seed, start) always gives the same clinics."""
    rng = random.Random(f"synthetic-clinics:{seed}:{start}")
    records, cumulative = weighted_zips()
    chunk = 10_000
    for chunk_start in range(0, count, chunk):
        size = min(chunk, count - chunk_start)
        for offset, record in enumerate(rng.choices(records, cum_weights=cumulative, k=size)):
            number = start + chunk_start + offset
            lat, lng = _jitter(rng, record.point)
            treatments = _pick(rng, TREATMENT_ODDS, at_least_one="iv-infusion")
            yield SyntheticClinic(
                number=number,
                slug=f"syn-{seed}-{number:07d}",
                zip_record=record,
                latitude=lat,
                longitude=lng,
                published=rng.random() < 0.97,
                verified=rng.random() < 0.3,
                accepting_new_patients=rng.random() < 0.85,
                telehealth=rng.random() < 0.4,
                accepts_referrals=rng.random() < 0.5,
                price_from=rng.choice((300, 350, 400, 450, 500, 600)),
                treatments=treatments,
                conditions=_pick(rng, CONDITION_ODDS, at_least_one="depression"),
                payment_options=_pick(rng, PAYMENT_ODDS, at_least_one="self-pay"),
                languages=_pick(rng, LANGUAGE_ODDS, at_least_one="en"),
                hours=HOURS_PATTERNS[rng.randrange(len(HOURS_PATTERNS))],
            )
