"""The rule set of screening.md as data: one entry per rule, read by the engine.

A rule has an id, a predicate on the clean answers, an effect per treatment type
(`crisis`, `not_suitable`, `review` or `flag`), a plain-language message, and its
source. Change a rule → bump RULESET_VERSION: saved referrals keep the version they
were judged under. Messages are gettext_lazy (shown in the visitor's language);
sources are citations for clinicians and stay in English.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .questions import ESKETAMINE, TREATMENTS

RULESET_VERSION = "2026-11-23.1"

CRISIS = "crisis"
NOT_SUITABLE = "not_suitable"
REVIEW = "review"
SUITABLE = "suitable"
FLAG = "flag"
Effect = Literal["crisis", "not_suitable", "review", "flag"]

Answers = Mapping[str, Any]


@dataclass(frozen=True)
class Rule:
    id: str
    when: Callable[[Answers], bool]
    effects: Mapping[str, Effect]
    message: str  # lazy: translated when a Finding is made
    source: str
    shows_crisis_resources: bool = False
    high_priority: Callable[[Answers], bool] | None = None

    @property
    def is_crisis(self) -> bool:
        return CRISIS in self.effects.values()

    @property
    def is_flag_only(self) -> bool:
        return set(self.effects.values()) == {FLAG}


def every(effect: Effect) -> dict[str, Effect]:
    return {treatment: effect for treatment in TREATMENTS}


def esketamine_else(esketamine: Effect, others: Effect | None) -> dict[str, Effect]:
    effects: dict[str, Effect] = {ESKETAMINE: esketamine}
    if others is not None:
        effects.update({t: others for t in TREATMENTS if t != ESKETAMINE})
    return effects


def has_any(question_id: str, *values: str) -> Callable[[Answers], bool]:
    return lambda a: bool(set(a.get(question_id) or ()) & set(values))


def is_one_of(question_id: str, *values: Any) -> Callable[[Answers], bool]:
    return lambda a: question_id in a and a[question_id] in values


KETALAR = "KETALAR (ketamine) prescribing information, FDA"
SPRAVATO = "SPRAVATO (esketamine) prescribing information, FDA"
COHEN = "Cohen et al., Reg Anesth Pain Med 2018"
SANACORA = "Sanacora et al., JAMA Psychiatry 2017"

RULES: tuple[Rule, ...] = (
    Rule(
        "R-CRISIS-1",
        is_one_of("suicide_intent_or_plan", True),
        every(CRISIS),
        _("You said you may act on thoughts of ending your life, or have a plan. Please get help right now."),
        "PHQ-9 item 9 as a gate (Kroenke 2001); common suicide-risk triage: intent or plan means emergency",
        shows_crisis_resources=True,
    ),
    Rule(
        "R-CRISIS-2",
        is_one_of("suicide_behavior", "past_3_months"),
        every(CRISIS),
        _(
            "You said you did something, or got ready, to end your life in the past 3 months. "
            "Please get help right now."
        ),
        "PHQ-9 item 9 as a gate (Kroenke 2001); recent attempt or preparation means emergency",
        shows_crisis_resources=True,
    ),
    Rule(
        "R-SI-1",
        lambda a: (a.get("self_harm_thoughts") or 0) > 0,
        every(REVIEW),
        _(
            "You said you have had thoughts of death or of hurting yourself. A doctor will talk with you "
            "about this first. You can call or text 988 at any time."
        ),
        "PHQ-9 item 9 (Simon et al., Psychiatr Serv 2013: higher item-9 answers, higher later risk)",
        shows_crisis_resources=True,
    ),
    Rule(
        "R-SI-2",
        is_one_of("suicide_behavior", "over_3_months_ago"),
        every(REVIEW),
        _(
            "You said you once tried, or got ready, to end your life. A doctor will talk with you about this first. "
            "You can call or text 988 at any time."
        ),
        "PHQ-9 item 9 (Simon et al., Psychiatr Serv 2013)",
        shows_crisis_resources=True,
    ),
    Rule(
        "R-AGE",
        is_one_of("age_18_or_over", False),
        every(NOT_SUITABLE),
        _("This service is for adults (18 or older). Please talk with your own doctor about treatment options."),
        f"{SPRAVATO} (adults only); this service serves adults only",
    ),
    Rule(
        "R-ALLERGY",
        is_one_of("ketamine_allergy", "yes"),
        every(NOT_SUITABLE),
        _(
            "You said you have had an allergic reaction to ketamine or esketamine, so these treatments are not safe "
            "for you. Please talk with your own doctor."
        ),
        f"{KETALAR} and {SPRAVATO}, contraindications (hypersensitivity); seed 004",
    ),
    Rule(
        "R-ALLERGY-UNSURE",
        is_one_of("ketamine_allergy", "not_sure"),
        every(REVIEW),
        _("You were not sure about an allergy to ketamine. A doctor needs to check this first."),
        f"{KETALAR} and {SPRAVATO}, contraindications (hypersensitivity); seed 004",
    ),
    Rule(
        "R-VASC",
        is_one_of("vascular_history", "yes"),
        esketamine_else(NOT_SUITABLE, REVIEW),
        _(
            "You said you have had an aneurysm, an AVM or bleeding in the brain. The esketamine nasal spray is not "
            "safe with these; for other ketamine treatments a doctor must check your blood vessels first."
        ),
        f"{SPRAVATO}, contraindications (aneurysmal vascular disease, AVM, intracerebral hemorrhage); "
        f"{KETALAR} (a large rise in blood pressure is a serious hazard)",
    ),
    Rule(
        "R-VASC-UNSURE",
        is_one_of("vascular_history", "not_sure"),
        every(REVIEW),
        _("You were not sure about an aneurysm, an AVM or bleeding in the brain. A doctor needs to check this first."),
        f"{SPRAVATO}, contraindications; {KETALAR}",
    ),
    Rule(
        "R-HEART",
        has_any("medical_conditions", "uncontrolled-blood-pressure", "heart-disease", "stroke"),
        every(REVIEW),
        _(
            "Ketamine raises blood pressure for a while. Because of your heart, blood pressure or stroke history, "
            "a doctor needs to check you first."
        ),
        f"{KETALAR}; {SPRAVATO} (blood pressure); {COHEN}; seeds 000 and 004",
    ),
    Rule(
        "R-PRESSURE",
        has_any("medical_conditions", "head-injury-or-brain-pressure", "glaucoma"),
        every(REVIEW),
        _(
            "Ketamine can raise pressure in the head and eyes. Because of a head injury, brain pressure or glaucoma, "
            "a doctor needs to check you first."
        ),
        f"{KETALAR} (CSF pressure); {SPRAVATO} (intracranial pressure); {COHEN}; seed 004",
    ),
    Rule(
        "R-LIVER",
        has_any("medical_conditions", "severe-liver-disease"),
        every(REVIEW),
        _("Serious liver disease changes how the body handles ketamine. A doctor needs to check you first."),
        f"{SPRAVATO} (severe hepatic impairment); {COHEN}",
    ),
    Rule(
        "R-BLEED",
        has_any("medical_conditions", "active-internal-bleeding"),
        every(REVIEW),
        _("Bleeding inside the body needs a doctor's attention before any ketamine treatment."),
        "seed 004 (not in the drug labels, so it is kept as a review, not an exclusion)",
    ),
    Rule(
        "R-PSYCHOSIS",
        is_one_of("psychosis_history", "yes", "not_sure"),
        every(REVIEW),
        _(
            "Ketamine can cause strange or dream-like feelings. With a history (or possible history) of psychosis, "
            "a doctor needs to talk with you first."
        ),
        f"{SPRAVATO} (dissociation warning); {SANACORA}; {COHEN}; seeds 000 and 004",
    ),
    Rule(
        "R-MANIA",
        is_one_of("mania_history", "yes", "not_sure"),
        every(REVIEW),
        _("With a history (or possible history) of mania, a doctor needs to talk with you first."),
        f"{SANACORA} (psychiatric assessment); common intake exclusions for severe mania",
    ),
    Rule(
        "R-SUBSTANCE",
        is_one_of("substance_use", "past", "current"),
        every(REVIEW),
        _(
            "Ketamine can be misused. Because you have had a problem with alcohol or drugs, a doctor will talk "
            "with you about this first."
        ),
        f"{SPRAVATO} (abuse and misuse); {SANACORA}; {COHEN}; seeds 000 and 004",
        high_priority=is_one_of("substance_use", "current"),
    ),
    Rule(
        "R-HALLUCINOGEN",
        is_one_of("hallucinogen_bad_reaction", True),
        every(REVIEW),
        _(
            "You have had a bad reaction to a hallucinogen or psychedelic. "
            "A doctor will talk with you about this first."
        ),
        "seed 004",
    ),
    Rule(
        "R-PREGNANCY",
        is_one_of("pregnancy", "yes", "not_sure"),
        every(REVIEW),
        _("Ketamine may harm an unborn baby and passes into breast milk. A doctor needs to talk with you first."),
        f"{SPRAVATO} (embryo-fetal toxicity, lactation); {COHEN}; seeds 000 and 004",
    ),
    Rule(
        "R-MAOI-STIM",
        has_any("medications", "maoi", "stimulant"),
        esketamine_else(REVIEW, FLAG),
        _(
            "MAOIs and stimulants can raise blood pressure together with esketamine, so a doctor must review the "
            "nasal spray first. For the other treatments, tell the clinic you take them."
        ),
        f"{SPRAVATO}, drug interactions (blood pressure)",
    ),
    Rule(
        "F-SEDATIVES",
        has_any("medications", "benzodiazepine", "opioid"),
        every(FLAG),
        _(
            "Benzodiazepines and opioids add to ketamine's sleepiness, and benzodiazepines may make it work less "
            "well. Tell the clinic you take them."
        ),
        f"{KETALAR} and {SPRAVATO} (added sedation); Frontiers in Psychiatry 2020 (benzodiazepines)",
    ),
    Rule(
        "F-OTHER-MEDS",
        has_any("medications", "antipsychotic", "antidepressant"),
        every(FLAG),
        _("Tell the clinic about all the medicines you take, including antipsychotics and antidepressants."),
        "seed 000 (disclose all medications)",
    ),
    Rule(
        "F-TRD",
        is_one_of("antidepressant_trials", "2+"),
        esketamine_else(FLAG, None),
        _(
            "You have tried two or more antidepressants without enough relief. That meets the usual definition of "
            "treatment-resistant depression, which can help insurance cover esketamine."
        ),
        "SPRAVATO indication (FDA, 2019)",
    ),
    Rule(
        "F-RIDE",
        is_one_of("ride_home", False),
        every(FLAG),
        _(
            "You will need a ride home after each treatment and must not drive until the next day (esketamine "
            "requires this). Ask the clinic about transport."
        ),
        f"{SPRAVATO} and REMS",
    ),
    Rule(
        "F-PHQ2",
        lambda a: (a.get("phq2_interest") or 0) + (a.get("phq2_mood") or 0) >= 3,
        every(FLAG),
        _("Your answers about mood and interest suggest symptoms a clinician should follow up on."),
        "Kroenke et al., Med Care 2003 (PHQ-2)",
    ),
)

RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}

# Names (and the chat address) are lazy: ScreeningResult.as_dict() turns them into text in the active language.
CRISIS_RESOURCES: tuple[dict[str, str], ...] = (
    {
        # Its own context: in Spanish the call line adds "press 2 for Spanish", which texting lacks.
        "name": pgettext_lazy("crisis resource: call", "988 Suicide & Crisis Lifeline"),
        "action": "call",
        "contact": "988",
        "url": "tel:988",
    },
    {
        "name": _("988 Suicide & Crisis Lifeline"),
        "action": "text",
        "contact": "988",
        "url": "sms:988",
    },
    {
        "name": _("988 Lifeline chat"),
        "action": "chat",
        # Translated too: in Spanish the Lifeline's own Spanish site (988lineadevida.org) has the chat.
        "contact": _("988lifeline.org"),
        "url": _("https://988lifeline.org/chat/"),
    },
    {
        "name": _("Emergency services"),
        "action": "call",
        "contact": "911",
        "url": "tel:911",
    },
)
