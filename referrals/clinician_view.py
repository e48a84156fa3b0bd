"""A saved referral's judgement in the clinician's words, for the clinic's staff.

Findings saved under rule set 2 carry their kind, the clinician's wording, the
source and their effect per treatment; those saved under rule set 1 carry only
the words the person saw, and are shown as they were saved.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from directory.models import Treatment

OUTCOME_WORDS = {
    "suitable": "may fit",
    "review": "physician review first",
    "not_suitable": "not suitable",
}
KIND_WORDS = {
    "crisis": "crisis",
    "safety": "safety",
    "indication": "not indicated for this condition",
    "scope": "outside the service's scope",
}


def treatment_names() -> dict[str, str]:
    return dict(Treatment.objects.values_list("slug", "name"))


def _effects_text(effects: Mapping[str, str], names: Mapping[str, str]) -> str:
    by_effect: dict[str, list[str]] = {}
    for slug, effect in effects.items():
        by_effect.setdefault(effect, []).append(names.get(slug, slug))
    return "; ".join(
        f"{OUTCOME_WORDS.get(effect, effect)}: {', '.join(sorted(treatments))}"
        for effect, treatments in by_effect.items()
    )


def clinician_findings(findings: Mapping[str, Any], names: Mapping[str, str]) -> list[dict[str, str]]:
    """One row per saved reason and flag: rule id, what it is, the clinician's words, treatments affected, source."""
    rows = []
    for label, key in (("Reason", "reasons"), ("Flag", "flags")):
        for finding in findings.get(key, []):
            rows.append(
                {
                    "label": label,
                    "rule": finding.get("rule", ""),
                    "kind": KIND_WORDS.get(finding.get("kind") or "", ""),
                    "words": finding.get("clinician_message") or finding.get("message", ""),
                    "treatments": _effects_text(finding.get("effects") or {}, names),
                    "source": finding.get("source", ""),
                    "high_priority": "high priority" if finding.get("high_priority") else "",
                }
            )
    return rows


def treatment_outcome_lines(treatment_outcomes: Mapping[str, str], names: Mapping[str, str]) -> list[tuple[str, str]]:
    """(treatment name, outcome in words), in the saved order."""
    return [
        (names.get(slug, slug), OUTCOME_WORDS.get(outcome, outcome)) for slug, outcome in treatment_outcomes.items()
    ]
