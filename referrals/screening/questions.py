"""The pre-screen questions of screening.md, in the order they are asked.

Pure data: ids, answer types, allowed values with plain-language labels, and the
section each question belongs to. The page, the API validator and the rules all
read this one list, so a question cannot mean two different things. Wording is
marked with gettext_lazy, so it is translated when shown, in the visitor's
language; ids and values never change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

Kind = Literal["bool", "scale", "choice", "multi"]

TREATMENTS: tuple[str, ...] = (
    "iv-infusion",
    "im-injection",
    "esketamine-nasal-spray",
    "oral-sublingual",
    "ketamine-assisted-psychotherapy",
)
ESKETAMINE = "esketamine-nasal-spray"

CONDITIONS: tuple[tuple[str, str], ...] = (
    ("depression", _("Depression")),
    ("treatment-resistant-depression", _("Depression that has not gotten better with treatment")),
    ("anxiety", _("Anxiety")),
    ("ptsd", _("PTSD (after trauma)")),
    ("ocd", _("OCD")),
    ("bipolar-depression", _("Depression with bipolar disorder")),
    ("chronic-pain", _("Long-lasting (chronic) pain")),
    ("crps", _("CRPS (complex regional pain syndrome)")),
    ("fibromyalgia", _("Fibromyalgia")),
    ("migraine", _("Migraine")),
)

SCALE_0_3 = (
    (0, _("Not at all")),
    (1, _("Several days")),
    (2, _("More than half the days")),
    (3, _("Nearly every day")),
)
YES_NO_UNSURE = (("yes", _("Yes")), ("no", _("No")), ("not_sure", _("I'm not sure")))
YES_NO = ((True, _("Yes")), (False, _("No")))


@dataclass(frozen=True)
class Question:
    id: str
    kind: Kind
    text: str
    section: str
    choices: tuple[tuple[object, str], ...] = ()
    help: str = ""
    # Asked (and required) only when someone reports thoughts of self-harm.
    follow_up: bool = False
    allowed: frozenset = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "allowed", frozenset(value for value, _ in self.choices))

    def label_for(self, value: object) -> str:
        """Plain words for a stored answer (lists joined), for pages and the admin, in the active language."""
        labels = dict(self.choices)
        if self.kind == "multi":
            return ", ".join(str(labels.get(v, v)) for v in value) if value else gettext("None of these")
        return str(labels.get(value, value))


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    intro: str = ""


SECTIONS: tuple[Section, ...] = (
    Section("safety", _("How you have been feeling"), _("These first questions are about the past 2 weeks.")),
    Section(
        "safety_follow_up",
        _("A little more about those thoughts"),
        _("Thank you for telling us. These two questions help us point you to the right help."),
    ),
    Section("care", _("What you are looking for")),
    Section("health", _("Your health"), _("Ketamine can raise blood pressure and pressure in the head and eyes.")),
    Section("mind", _("Your mental health and substance use")),
    Section("everyday", _("Pregnancy, medicines and getting home")),
)

QUESTIONS: tuple[Question, ...] = (
    Question("age_18_or_over", "bool", _("Are you 18 or older?"), "safety", YES_NO),
    Question(
        "phq2_interest",
        "scale",
        _("In the past 2 weeks, how often have you had little interest or pleasure in doing things?"),
        "safety",
        SCALE_0_3,
    ),
    Question(
        "phq2_mood",
        "scale",
        _("In the past 2 weeks, how often have you felt down, depressed or hopeless?"),
        "safety",
        SCALE_0_3,
    ),
    Question(
        "self_harm_thoughts",
        "scale",
        _(
            "In the past 2 weeks, how often have you had thoughts that you would be better off dead, "
            "or thoughts of hurting yourself?"
        ),
        "safety",
        SCALE_0_3,
    ),
    Question(
        "suicide_intent_or_plan",
        "bool",
        _("Right now, do you mean to act on these thoughts, or have you worked out a plan?"),
        "safety_follow_up",
        YES_NO,
        follow_up=True,
    ),
    Question(
        "suicide_behavior",
        "choice",
        _("Have you ever done anything, started to do anything, or gotten ready to end your life?"),
        "safety_follow_up",
        (
            ("never", _("No, never")),
            ("over_3_months_ago", _("Yes, more than 3 months ago")),
            ("past_3_months", _("Yes, in the past 3 months")),
        ),
        follow_up=True,
    ),
    Question("condition", "choice", _("What is the main reason you are looking for care?"), "care", CONDITIONS),
    Question(
        "antidepressant_trials",
        "choice",
        _(
            "How many antidepressant medicines have you tried for this, at the dose and for as long as "
            "your doctor said, without getting enough relief?"
        ),
        "care",
        (("0", _("None")), ("1", _("One")), ("2+", _("Two or more")), ("not_sure", _("I'm not sure"))),
    ),
    Question(
        "ketamine_allergy",
        "choice",
        _("Have you ever had an allergic reaction to ketamine or esketamine?"),
        "health",
        YES_NO_UNSURE,
    ),
    Question(
        "vascular_history",
        "choice",
        _(
            "Has a doctor ever said you have an aneurysm (a bulging blood vessel) or an AVM (a tangle of "
            "blood vessels), or have you had bleeding in the brain?"
        ),
        "health",
        YES_NO_UNSURE,
    ),
    Question(
        "medical_conditions",
        "multi",
        _("Do any of these apply to you? Check all that apply."),
        "health",
        (
            ("uncontrolled-blood-pressure", _("High blood pressure that is not under control")),
            ("heart-disease", _("Heart disease")),
            ("stroke", _("A stroke")),
            ("head-injury-or-brain-pressure", _("A head injury, or high pressure in the brain")),
            ("glaucoma", _("Glaucoma (high pressure in the eye)")),
            ("severe-liver-disease", _("Serious liver disease")),
            ("active-internal-bleeding", _("Bleeding inside the body right now")),
        ),
        help=_("Leave them all unchecked if none apply."),
    ),
    Question(
        "psychosis_history",
        "choice",
        _("Has a doctor ever said you have psychosis or schizophrenia?"),
        "mind",
        YES_NO_UNSURE,
        help=_("Psychosis means seeing, hearing or believing things that others do not."),
    ),
    Question(
        "mania_history",
        "choice",
        _("Have you ever had mania: days of extreme energy when you hardly needed sleep?"),
        "mind",
        YES_NO_UNSURE,
    ),
    Question(
        "substance_use",
        "choice",
        _("Have you had a problem with alcohol or drugs, including ketamine?"),
        "mind",
        (("never", _("No, never")), ("past", _("Yes, in the past but not now")), ("current", _("Yes, right now"))),
    ),
    Question(
        "hallucinogen_bad_reaction",
        "bool",
        _("Have you ever had a bad reaction to a hallucinogen or psychedelic drug?"),
        "mind",
        YES_NO,
    ),
    Question(
        "pregnancy",
        "choice",
        _("Are you pregnant, trying to become pregnant, or breastfeeding?"),
        "everyday",
        (
            ("yes", _("Yes")),
            ("no", _("No")),
            ("not_sure", _("I'm not sure")),
            ("not_applicable", _("This does not apply to me")),
        ),
    ),
    Question(
        "medications",
        "multi",
        _("Do you take any of these kinds of medicine? Check all that apply."),
        "everyday",
        (
            ("benzodiazepine", _("A benzodiazepine, for anxiety or sleep (for example Xanax or Ativan)")),
            ("opioid", _("An opioid pain medicine")),
            ("stimulant", _("A stimulant, for example for ADHD")),
            ("maoi", _("An MAOI antidepressant")),
            ("antipsychotic", _("An antipsychotic")),
            ("antidepressant", _("Any other antidepressant")),
        ),
        help=_("Leave them all unchecked if none apply. Do not write down names or doses."),
    ),
    Question(
        "ride_home",
        "bool",
        _("After each treatment, can someone drive you home, and can you avoid driving until the next day?"),
        "everyday",
        YES_NO,
    ),
)

QUESTIONS_BY_ID: dict[str, Question] = {q.id: q for q in QUESTIONS}
QUESTION_IDS: tuple[str, ...] = tuple(QUESTIONS_BY_ID)
FOLLOW_UP_IDS: frozenset[str] = frozenset(q.id for q in QUESTIONS if q.follow_up)
SECTIONS_BY_ID: dict[str, Section] = {s.id: s for s in SECTIONS}


def questions_in(section_id: str) -> tuple[Question, ...]:
    return tuple(q for q in QUESTIONS if q.section == section_id)


def follow_ups_required(answers: dict) -> bool:
    """The two follow-up questions are asked only of someone who reports self-harm thoughts."""
    value = answers.get("self_harm_thoughts")
    return type(value) is int and value > 0
