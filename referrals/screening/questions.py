"""The pre-screen questions of rule set 2, in the order they are asked.

Pure data: ids, answer types, allowed values with plain-language labels, the
section each question belongs to, and each question's wording twice: to the
person ("Are you 18 or older?") and, on the referrer's form, about the patient
("Is the patient 18 or older?"). The page, the API validator and the rules all
read this one list, so a question cannot mean two different things. Wording is
marked with gettext_lazy, so it is translated when shown; ids and values never change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .choices import (  # noqa: F401 (TREATMENTS, ESKETAMINE and CONDITIONS are read from here too)
    CONDITIONS,
    CURRENT_PAST,
    DEPRESSION_CONDITIONS,
    ESKETAMINE,
    NOT_SURE,
    SCALE_0_3,
    TREATMENTS,
    YES_NO,
)
from .sections import SECTIONS, SECTIONS_BY_ID, Section  # noqa: F401

Kind = Literal["bool", "scale", "choice", "multi"]


@dataclass(frozen=True)
class Question:
    id: str
    kind: Kind
    text: str  # to the person
    about_patient: str  # the referrer's form: the same question in the third person
    section: str
    choices: tuple[tuple[object, str], ...] = ()
    help: str = ""
    # Asked only when someone reports thoughts of self-harm; counted whenever it is sent.
    follow_up: bool = False
    # May be left out (rule set 2: `age_65_or_over`, absent = no).
    optional: bool = False
    allowed: frozenset = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "allowed", frozenset(value for value, _ in self.choices))

    def label_for(self, value: object) -> str:
        """Plain words for a stored answer (lists joined), for pages and the admin, in the active language."""
        labels = dict(self.choices)
        if self.kind == "multi":
            return ", ".join(str(labels.get(v, v)) for v in value) if value else gettext("None of these")
        return str(labels.get(value, value))

    def wording(self, *, on_behalf: bool) -> str:
        return self.about_patient if on_behalf else self.text


QUESTIONS: tuple[Question, ...] = (
    Question("age_18_or_over", "bool", _("Are you 18 or older?"), _("Is the patient 18 or older?"), "age", YES_NO),
    Question(
        "age_65_or_over",
        "bool",
        _("Are you 65 or older?"),
        _("Is the patient 65 or older?"),
        "health",
        YES_NO,
        optional=True,
    ),
    Question(
        "phq2_interest",
        "scale",
        _("In the past 2 weeks, how often have you had little interest or pleasure in doing things?"),
        _("In the past 2 weeks, how often has the patient had little interest or pleasure in doing things?"),
        "safety",
        SCALE_0_3,
    ),
    Question(
        "phq2_mood",
        "scale",
        _("In the past 2 weeks, how often have you felt down, depressed or hopeless?"),
        _("In the past 2 weeks, how often has the patient felt down, depressed or hopeless?"),
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
        _(
            "In the past 2 weeks, how often has the patient had thoughts that they would be better off dead, "
            "or thoughts of hurting themself?"
        ),
        "safety",
        SCALE_0_3,
    ),
    Question(
        "suicide_intent_or_plan",
        "bool",
        _("Right now, do you mean to act on these thoughts, or have you worked out a plan?"),
        _("Right now, does the patient mean to act on these thoughts, or have they worked out a plan?"),
        "safety_follow_up",
        YES_NO,
        follow_up=True,
    ),
    Question(
        "suicide_behavior",
        "choice",
        _("Have you ever done something, or gotten ready to do something, to end your life? When?"),
        _("Has the patient ever done something, or gotten ready to do something, to end their life? When?"),
        "safety_follow_up",
        (
            ("never", _("No, never")),
            ("over_3_months_ago", _("Yes, more than 3 months ago")),
            ("past_3_months", _("Yes, in the past 3 months")),
        ),
    ),
    Question(
        "condition",
        "choice",
        _("What is the main reason you are looking for care?"),
        _("What is the main reason the patient is looking for care?"),
        "care",
        CONDITIONS,
    ),
    Question(
        "antidepressant_trials",
        "choice",
        _(
            "How many antidepressant medicines have you tried for this, at the dose and for as long as "
            "your doctor said, without getting enough relief?"
        ),
        _(
            "How many antidepressants has the patient tried for this, at an adequate dose and for an adequate "
            "time, without enough relief?"
        ),
        "care",
        (("0", _("None")), ("1", _("One")), ("2+", _("Two or more")), NOT_SURE),
    ),
    Question(
        "ketamine_allergy",
        "choice",
        _("Have you ever had an allergic reaction to ketamine or esketamine?"),
        _("Has the patient ever had an allergic reaction to ketamine or esketamine?"),
        "health",
        (("yes", _("Yes")), ("no", _("No")), NOT_SURE),
    ),
    Question(
        "ketamine_before",
        "choice",
        _("Have you had ketamine or esketamine treatment before? How did it go?"),
        _("Has the patient had ketamine or esketamine treatment before? How did it go?"),
        "health",
        (
            ("never", _("Never had it")),
            ("went_well", _("Had it, and it went well")),
            ("bad_reaction", _("Had it, and had a bad reaction that was not an allergy")),
        ),
        help=_("A bad reaction: for example very high blood pressure, severe panic, or confusion."),
    ),
    Question(
        "vascular_history",
        "choice",
        _(
            "Has a doctor ever said you have an aneurysm (a bulging blood vessel) or an AVM (a tangle of "
            "blood vessels), or have you had bleeding in the brain?"
        ),
        _(
            "Has the patient ever been told they have an aneurysm (a bulging blood vessel) or an AVM, "
            "or had bleeding in the brain?"
        ),
        "health",
        (
            ("yes", _("Yes")),
            ("yes_treated", _("Yes, and it was repaired or treated")),
            ("no", _("No")),
            NOT_SURE,
        ),
    ),
    Question(
        "medical_conditions",
        "multi",
        _("Do any of these apply to you? Check all that apply."),
        _("Do any of these apply to the patient? Check all that apply."),
        "health",
        (
            ("uncontrolled-blood-pressure", _("High blood pressure that is not under control")),
            ("heart-disease", _("Heart disease")),
            ("stroke", _("A stroke")),
            ("head-injury-or-brain-pressure", _("A head injury, or high pressure in the brain")),
            ("glaucoma", _("Glaucoma (high pressure in the eye)")),
            ("severe-liver-disease", _("Serious liver disease")),
            ("active-internal-bleeding", _("Bleeding inside the body right now")),
            ("bladder-problems", _("Bladder problems, such as bladder pain or interstitial cystitis")),
            ("breathing-problems", _("Breathing problems: sleep apnea, serious lung disease, or oxygen at home")),
        ),
        help=_("Leave them all unchecked if none apply."),
    ),
    Question(
        "psychosis_history",
        "choice",
        _(
            "Has a doctor ever said you have psychosis or schizophrenia, or do you now hear or see things "
            "that others do not?"
        ),
        _(
            "Has the patient ever been told they have psychosis or schizophrenia, or do they now hear or see "
            "things that others do not?"
        ),
        "mind",
        CURRENT_PAST,
        help=_("Psychosis means seeing, hearing or believing things that others do not."),
    ),
    Question(
        "mania_history",
        "choice",
        _(
            "Have you ever had days of unusually high energy or mood when you needed much less sleep (mania or "
            "hypomania), or been told you have bipolar disorder?"
        ),
        _(
            "Has the patient ever had days of unusually high energy or mood with much less need for sleep "
            "(mania or hypomania), or been told they have bipolar disorder?"
        ),
        "mind",
        CURRENT_PAST,
    ),
    Question(
        "substance_use",
        "choice",
        _("Have you had a problem with alcohol or drugs, including ketamine?"),
        _("Has the patient had a problem with alcohol or drugs, including ketamine?"),
        "mind",
        (
            ("never", _("No, never")),
            ("past", _("Yes, more than 12 months ago")),
            ("current", _("Yes, in the past 12 months")),
        ),
    ),
    Question(
        "hallucinogen_bad_reaction",
        "bool",
        _("Have you ever had a bad reaction to a hallucinogen or psychedelic drug?"),
        _("Has the patient ever had a bad reaction to a hallucinogen or psychedelic drug?"),
        "mind",
        YES_NO,
    ),
    Question(
        "pregnancy",
        "choice",
        _("Are you pregnant, trying to become pregnant, or breastfeeding?"),
        _("Is the patient pregnant, trying to become pregnant, or breastfeeding?"),
        "everyday",
        (
            ("pregnant", _("Pregnant")),
            ("trying", _("Trying to become pregnant")),
            ("breastfeeding", _("Breastfeeding")),
            ("no", _("No")),
            NOT_SURE,
            ("not_applicable", _("Does not apply")),
        ),
    ),
    Question(
        "medications",
        "multi",
        _("Do you take any of these kinds of medicine? Check all that apply."),
        _("Does the patient take any of these kinds of medicine? Check all that apply."),
        "everyday",
        (
            ("benzodiazepine", _("A benzodiazepine, for anxiety or sleep (for example Xanax or Ativan)")),
            ("opioid", _("An opioid pain medicine")),
            ("stimulant", _("A stimulant, for example for ADHD")),
            ("maoi", _("An MAOI antidepressant")),
            ("antipsychotic", _("An antipsychotic")),
            ("antidepressant", _("Any other antidepressant")),
            ("mood-stabilizer", _("A mood stabilizer: lithium, lamotrigine or valproate")),
        ),
        help=_("Leave them all unchecked if none apply. Do not write down names or doses."),
    ),
    Question(
        "ride_home",
        "bool",
        _("After each treatment, can someone take you home?"),
        _("After each treatment, can someone take the patient home?"),
        "everyday",
        YES_NO,
    ),
    Question(
        "no_driving_until_next_day",
        "bool",
        _("Can you avoid driving until the next day after each treatment?"),
        _("Can the patient avoid driving until the next day after each treatment?"),
        "everyday",
        YES_NO,
    ),
)

QUESTIONS_BY_ID: dict[str, Question] = {q.id: q for q in QUESTIONS}
QUESTION_IDS: tuple[str, ...] = tuple(QUESTIONS_BY_ID)
FOLLOW_UP_IDS: frozenset[str] = frozenset(q.id for q in QUESTIONS if q.follow_up)


def is_minor(answers: Mapping[str, Any]) -> bool:
    """An under-18 stops at the age question: nothing else is asked or required."""
    return answers.get("age_18_or_over") is False


def follow_ups_required(answers: Mapping[str, Any]) -> bool:
    """The intent-or-plan question is asked only of someone who reports thoughts of self-harm."""
    value = answers.get("self_harm_thoughts")
    return type(value) is int and value > 0


def questions_in(section_id: str, answers: Mapping[str, Any] | None = None) -> tuple[Question, ...]:
    """A section's questions; given the answers so far, only those that are asked of this person."""
    questions = tuple(q for q in QUESTIONS if q.section == section_id)
    if answers is None:
        return questions
    return tuple(q for q in questions if not q.follow_up or follow_ups_required(answers))
