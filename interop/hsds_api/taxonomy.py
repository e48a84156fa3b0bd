"""Our two HSDS taxonomies, treatments and conditions, whose terms are the directory's lookups.

A clinic's treatments and conditions are HSDS attributes of its service, each pointing at
a taxonomy term, so `taxonomy_term_id` and `taxonomy_id` filter services as the search's
`treatment` and `condition` do.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Model

from directory.exporting.hsds_ids import pk_from, record_id
from directory.models import Condition, Treatment


@dataclass(frozen=True)
class Taxonomy:
    key: str  # also the ClinicFilter parameter that filters on its terms
    number: int
    model: type[Model]
    name: str
    description: str

    @property
    def id(self) -> str:
        return record_id("taxonomy", self.number)

    @property
    def term_table(self) -> str:
        return f"taxonomy_term/{self.key}"


TAXONOMIES = (
    Taxonomy("treatment", 1, Treatment, "Ketamine therapy treatments", "How ketamine or esketamine is given."),
    Taxonomy("condition", 2, Condition, "Conditions treated", "What a clinic treats with ketamine therapy."),
)


def taxonomy_record(taxonomy: Taxonomy) -> dict:
    return {
        "id": taxonomy.id,
        "name": taxonomy.name,
        "description": taxonomy.description,
        "uri": f"{settings.SITE_URL}/fhir/CodeSystem/{taxonomy.key}",
        "version": "1",
    }


def term_record(taxonomy: Taxonomy, lookup, *, detail: bool = False) -> dict:
    record = {
        "id": record_id(taxonomy.term_table, lookup.pk),
        "code": lookup.slug,
        "name": lookup.name,
        "description": lookup.description or lookup.name,
        "taxonomy": taxonomy.name,
        "taxonomy_id": taxonomy.id,
        "language": "en",
    }
    if detail:
        record["taxonomy_detail"] = taxonomy_record(taxonomy)
    return record


def taxonomy_by_id(value: str) -> Taxonomy | None:
    return next((t for t in TAXONOMIES if pk_from("taxonomy", value) == t.number), None)


def term_by_id(value: str):
    """(taxonomy, lookup) for one of our term ids, else None."""
    for taxonomy in TAXONOMIES:
        pk = pk_from(taxonomy.term_table, value)
        if pk is not None:
            lookup = taxonomy.model.objects.filter(pk=pk).first()
            return (taxonomy, lookup) if lookup is not None else None
    return None


def attributes(clinic, service_id: str) -> list[dict]:
    """The clinic's treatments and conditions as attributes of its service."""
    found = []
    for taxonomy in TAXONOMIES:
        for lookup in getattr(clinic, f"{taxonomy.key}s").all():
            term = term_record(taxonomy, lookup)
            found.append(
                {
                    "id": record_id("attribute", clinic.pk, f"{taxonomy.key}/{lookup.pk}"),
                    "link_id": service_id,
                    "link_type": taxonomy.key,
                    "link_entity": "service",
                    "taxonomy_term_id": term["id"],
                    "taxonomy_term": term,
                }
            )
    return found
