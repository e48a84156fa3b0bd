"""SMART Scheduling Links' `$bulk-publish`: the manifest and its NDJSON files, one of each kind per state.

Per state so a scheduler that serves one region downloads only its files (the spec's `state`
hint on every output). Each file costs four queries per CHUNK clinics of the state, however few:
the published clinics with their city, their treatments, their opening hours, and every
availability value of theirs (directory.availability.page_openings, which also decides staleness).
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from directory.availability import Opening, page_openings
from directory.models import City, Clinic

from . import scheduling

KINDS = ("Location", "Schedule", "Slot")
STATE_CODE = re.compile(r"[A-Z]{2}")
CHUNK = 1000  # clinics read at a time


@dataclass(frozen=True)
class PublishedClinic:
    clinic: Clinic
    openings: dict[str, Opening]  # by treatment slug; offered treatments only


def published_states() -> list[str]:
    """The states with at least one published clinic, in order."""
    states = City.objects.filter(clinics__published=True).values_list("state", flat=True)
    return list(states.distinct().order_by("state"))


def published_in(state: str, *, now: datetime.datetime) -> Iterator[PublishedClinic]:
    """The state's published clinics in id order, read CHUNK at a time (so no query outgrows the
    databases' limits on parameters however large the state)."""
    clinics = (
        Clinic.objects.published()
        .filter(city__state=state)
        .select_related("city")
        .prefetch_related("treatments", "opening_hours")
        .order_by("pk")
    )
    chunk: list[Clinic] = []
    for clinic in clinics.iterator(chunk_size=CHUNK):
        chunk.append(clinic)
        if len(chunk) == CHUNK:
            yield from _with_openings(chunk, now=now)
            chunk = []
    yield from _with_openings(chunk, now=now)


def _with_openings(clinics: list[Clinic], *, now: datetime.datetime) -> Iterator[PublishedClinic]:
    if not clinics:
        return
    openings = page_openings([clinic.pk for clinic in clinics], now=now)
    for clinic in clinics:
        yield PublishedClinic(clinic, {opening.treatment_slug: opening for opening in openings[clinic.pk]})


def resources(kind: str, clinics: Iterable[PublishedClinic]) -> Iterator[dict[str, Any]]:
    """The resources of one file, each validated by its fhir.resources model."""
    for entry in clinics:
        if kind == "Location":
            yield scheduling.location(entry.clinic)
            continue
        for treatment in entry.clinic.treatments.all():
            opening = entry.openings.get(treatment.slug)
            if kind == "Schedule":
                yield scheduling.schedule(entry.clinic, treatment, opening)
            elif (slot := scheduling.slot(entry.clinic, treatment, opening)) is not None:
                yield slot


def ndjson(items: Iterator[dict[str, Any]]) -> str:
    """One minified resource per line."""
    return "".join(json.dumps(item, ensure_ascii=False, separators=(",", ":")) + "\n" for item in items)


def file_path(state: str, kind: str) -> str:
    return f"/fhir/bulk/{state}/{kind}.ndjson"


def manifest(*, request_url: str, base: str, states: list[str], now: datetime.datetime) -> dict[str, Any]:
    """`base`: the site's address, with no trailing slash."""
    return {
        "transactionTime": now.astimezone(datetime.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "request": request_url,
        "output": [
            {"type": kind, "url": f"{base}{file_path(state, kind)}", "extension": {"state": [state]}}
            for state in states
            for kind in KINDS
        ],
        "error": [],
    }
