"""PHQ-9 item 9 in the coverage packet: above 0, the referral gets the R-SI-1 finding (a risk answer is never dropped).

Pure: takes the referral's saved judgement, returns the new one. R-SI-1 puts every
treatment at "physician review first" at the least, as the pre-screen's rule does.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from referrals.screening import REVIEW
from referrals.screening.engine import RANK, finding_for

RULE_ID = "R-SI-1"
PACKET_ORIGIN = "coverage_packet"


@dataclass(frozen=True)
class Judgement:
    findings: dict[str, Any]
    treatment_outcomes: dict[str, str]
    outcome: str
    high_priority: bool


def _packet_finding(item9: int) -> dict[str, Any]:
    finding = finding_for(RULE_ID, {"self_harm_thoughts": item9}).as_dict()
    finding["clinician_message"] += f" From the esketamine coverage packet: PHQ-9 item 9 answered {item9} of 3."
    finding["source"] += "; PHQ-9 item 9 of the referrer's coverage packet"
    finding["origin"] = PACKET_ORIGIN
    return finding


def with_packet_suicide_item(
    *, findings: Mapping[str, Any], treatment_outcomes: Mapping[str, str], high_priority: bool, item9: int
) -> Judgement | None:
    """The judgement with R-SI-1 added for a PHQ-9 item 9 above 0; None when nothing changes."""
    if item9 <= 0:
        return None
    new_findings = copy.deepcopy(dict(findings))
    reasons = new_findings.setdefault("reasons", [])
    finding = _packet_finding(item9)
    existing = next((r for r in reasons if r.get("rule") == RULE_ID), None)
    if existing is None:
        reasons.append(finding)
    elif finding["high_priority"] and not existing.get("high_priority"):
        existing["high_priority"] = True
    else:
        return None  # already there, as urgent: nothing to add
    outcomes = {
        slug: outcome if RANK.get(outcome, 0) >= RANK[REVIEW] else REVIEW
        for slug, outcome in treatment_outcomes.items()
    }
    # A referral is only ever sent while some treatment is open, so the overall outcome is now a review.
    return Judgement(
        findings=new_findings,
        treatment_outcomes=outcomes,
        outcome=REVIEW,
        high_priority=high_priority or finding["high_priority"],
    )
