"""Saving and reading a referral's esketamine coverage packet (plain functions, no HTTP)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from referrals import notify
from referrals.coverage.choices import INADEQUATE_RESPONSE, NOT_TOLERATED, antidepressant_label
from referrals.coverage.phq9 import Phq9Score, score_phq9
from referrals.coverage.risk import with_packet_suicide_item
from referrals.models import CoveragePacket, Referral
from referrals.screening import REVIEW, SUITABLE
from referrals.screening.choices import ESKETAMINE

# The SPRAVATO label's TRD definition: an inadequate response to at least two antidepressants.
TRD_TRIALS = 2


def esketamine_allowed(referral: Referral) -> bool:
    """The referral's saved findings leave esketamine open (suitable, or a physician's review first)."""
    return referral.treatment_outcomes.get(ESKETAMINE) in (SUITABLE, REVIEW)


def may_fill(referral: Referral) -> bool:
    return esketamine_allowed(referral) and referral.anonymised_at is None


@dataclass(frozen=True)
class PacketAnswers:
    phq9_items: Sequence[int]
    diagnosis: str
    trials: Sequence[dict[str, Any]] = field(default_factory=tuple)  # drug, dose_mg, weeks, outcome
    current_antidepressant: str = ""
    current_dose: str = ""


def save_packet(*, referral: Referral, answers: PacketAnswers, by) -> CoveragePacket:
    """Store the packet (replacing an earlier one) and, for PHQ-9 item 9 above 0, add R-SI-1 to the referral.

    The finding stays even if a later packet answers item 9 with 0. The clinic is emailed a link.
    """
    from referrals.tasks import notify_clinic_packet

    score = score_phq9(list(answers.phq9_items))
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        packet, _ = CoveragePacket.objects.update_or_create(
            referral=locked,
            defaults={
                "phq9_items": list(answers.phq9_items),
                "phq9_total": score.total,
                "diagnosis": answers.diagnosis,
                "trials": [dict(trial) for trial in answers.trials],
                "current_antidepressant": answers.current_antidepressant,
                "current_dose": answers.current_dose.strip(),
                "filled_by": by,
                "filled_at": timezone.now(),
            },
        )
        _add_risk_finding(locked, score)
        notify.queue(notify_clinic_packet, locked.pk)
    for name in ("findings", "treatment_outcomes", "outcome", "high_priority"):
        setattr(referral, name, getattr(locked, name))
    return packet


def _add_risk_finding(referral: Referral, score: Phq9Score) -> None:
    # The clinic reads findings in the site's language, as create_referral stores them.
    with translation.override(settings.LANGUAGE_CODE):
        judgement = with_packet_suicide_item(
            findings=referral.findings,
            treatment_outcomes=referral.treatment_outcomes,
            high_priority=referral.high_priority,
            item9=score.item9,
        )
    if judgement is None:
        return
    referral.findings = judgement.findings
    referral.treatment_outcomes = judgement.treatment_outcomes
    referral.outcome = judgement.outcome
    referral.high_priority = judgement.high_priority
    referral.save(update_fields=["findings", "treatment_outcomes", "outcome", "high_priority", "updated_at"])


@dataclass(frozen=True)
class TrialRow:
    drug: str
    dose_mg: str
    weeks: int
    outcome: str
    inadequate: bool


@dataclass(frozen=True)
class PacketSummary:
    score: Phq9Score
    trials: list[TrialRow]
    inadequate_trials: int
    not_tolerated_trials: int
    current: str

    @property
    def meets_trial_count(self) -> bool:
        return self.inadequate_trials >= TRD_TRIALS


def summarise(packet: CoveragePacket) -> PacketSummary:
    """What the printable packet and the admin show: the score, its band, the trials in words."""
    from referrals.coverage.choices import OUTCOMES

    outcome_words = dict(OUTCOMES)
    trials = [
        TrialRow(
            drug=antidepressant_label(trial["drug"]),
            dose_mg=str(trial["dose_mg"]),
            weeks=int(trial["weeks"]),
            outcome=str(outcome_words.get(trial["outcome"], trial["outcome"])),
            inadequate=trial["outcome"] in INADEQUATE_RESPONSE,
        )
        for trial in packet.trials
    ]
    current = antidepressant_label(packet.current_antidepressant) if packet.current_antidepressant else ""
    return PacketSummary(
        score=score_phq9(packet.phq9_items),
        trials=trials,
        inadequate_trials=sum(row.inadequate for row in trials),
        not_tolerated_trials=sum(trial["outcome"] == NOT_TOLERATED for trial in packet.trials),
        current=current,
    )
