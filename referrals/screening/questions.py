"""The pre-screen questions of screening.md, in the order they are asked.

Pure data: ids, answer types, allowed values with plain-language labels, and the
section each question belongs to. The page, the API validator and the rules all
read this one list, so a question cannot mean two different things.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

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
    ("depression", "Depression"),
    ("treatment-resistant-depression", "Depression that has not gotten better with treatment"),
    ("anxiety", "Anxiety"),
    ("ptsd", "PTSD (after trauma)"),
    ("ocd", "OCD"),
    ("bipolar-depression", "Depression with bipolar disorder"),
    ("chronic-pain", "Long-lasting (chronic) pain"),
    ("crps", "CRPS (complex regional pain syndrome)"),
    ("fibromyalgia", "Fibromyalgia"),
    ("migraine", "Migraine"),
)

SCALE_0_3 = (
    (0, "Not at all"),
    (1, "Several days"),
    (2, "More than half the days"),
    (3, "Nearly every day"),
)
YES_NO_UNSURE = (("yes", "Yes"), ("no", "No"), ("not_sure", "I'm not sure"))
YES_NO = ((True, "Yes"), (False, "No"))


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
        """Plain words for a stored answer (lists joined), for pages and the admin."""
        labels = dict(self.choices)
        if self.kind == "multi":
            return ", ".join(labels.get(v, str(v)) for v in value) if value else "None of these"
        return labels.get(value, str(value))


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    intro: str = ""


SECTIONS: tuple[Section, ...] = (
    Section("safety", "How you have been feeling", "These first questions are about the past 2 weeks."),
    Section(
        "safety_follow_up",
        "A little more about those thoughts",
        "Thank you for telling us. These two questions help us point you to the right help.",
    ),
    Section("care", "What you are looking for"),
    Section("health", "Your health", "Ketamine can raise blood pressure and pressure in the head and eyes."),
    Section("mind", "Your mental health and substance use"),
    Section("everyday", "Pregnancy, medicines and getting home"),
)

QUESTIONS: tuple[Question, ...] = (
    Question("age_18_or_over", "bool", "Are you 18 or older?", "safety", YES_NO),
    Question(
        "phq2_interest",
        "scale",
        "In the past 2 weeks, how often have you had little interest or pleasure in doing things?",
        "safety",
        SCALE_0_3,
    ),
    Question(
        "phq2_mood",
        "scale",
        "In the past 2 weeks, how often have you felt down, depressed or hopeless?",
        "safety",
        SCALE_0_3,
    ),
    Question(
        "self_harm_thoughts",
        "scale",
        "In the past 2 weeks, how often have you had thoughts that you would be better off dead, "
        "or thoughts of hurting yourself?",
        "safety",
        SCALE_0_3,
    ),
    Question(
        "suicide_intent_or_plan",
        "bool",
        "Right now, do you mean to act on these thoughts, or have you worked out a plan?",
        "safety_follow_up",
        YES_NO,
        follow_up=True,
    ),
    Question(
        "suicide_behavior",
        "choice",
        "Have you ever done anything, started to do anything, or gotten ready to end your life?",
        "safety_follow_up",
        (
            ("never", "No, never"),
            ("over_3_months_ago", "Yes, more than 3 months ago"),
            ("past_3_months", "Yes, in the past 3 months"),
        ),
        follow_up=True,
    ),
    Question("condition", "choice", "What is the main reason you are looking for care?", "care", CONDITIONS),
    Question(
        "antidepressant_trials",
        "choice",
        "How many antidepressant medicines have you tried for this, at the dose and for as long as "
        "your doctor said, without getting enough relief?",
        "care",
        (("0", "None"), ("1", "One"), ("2+", "Two or more"), ("not_sure", "I'm not sure")),
    ),
    Question(
        "ketamine_allergy",
        "choice",
        "Have you ever had an allergic reaction to ketamine or esketamine?",
        "health",
        YES_NO_UNSURE,
    ),
    Question(
        "vascular_history",
        "choice",
        "Has a doctor ever said you have an aneurysm (a bulging blood vessel) or an AVM (a tangle of "
        "blood vessels), or have you had bleeding in the brain?",
        "health",
        YES_NO_UNSURE,
    ),
    Question(
        "medical_conditions",
        "multi",
        "Do any of these apply to you? Check all that apply.",
        "health",
        (
            ("uncontrolled-blood-pressure", "High blood pressure that is not under control"),
            ("heart-disease", "Heart disease"),
            ("stroke", "A stroke"),
            ("head-injury-or-brain-pressure", "A head injury, or high pressure in the brain"),
            ("glaucoma", "Glaucoma (high pressure in the eye)"),
            ("severe-liver-disease", "Serious liver disease"),
            ("active-internal-bleeding", "Bleeding inside the body right now"),
        ),
        help="Leave them all unchecked if none apply.",
    ),
    Question(
        "psychosis_history",
        "choice",
        "Has a doctor ever said you have psychosis or schizophrenia?",
        "mind",
        YES_NO_UNSURE,
        help="Psychosis means seeing, hearing or believing things that others do not.",
    ),
    Question(
        "mania_history",
        "choice",
        "Have you ever had mania: days of extreme energy when you hardly needed sleep?",
        "mind",
        YES_NO_UNSURE,
    ),
    Question(
        "substance_use",
        "choice",
        "Have you had a problem with alcohol or drugs, including ketamine?",
        "mind",
        (("never", "No, never"), ("past", "Yes, in the past but not now"), ("current", "Yes, right now")),
    ),
    Question(
        "hallucinogen_bad_reaction",
        "bool",
        "Have you ever had a bad reaction to a hallucinogen or psychedelic drug?",
        "mind",
        YES_NO,
    ),
    Question(
        "pregnancy",
        "choice",
        "Are you pregnant, trying to become pregnant, or breastfeeding?",
        "everyday",
        (("yes", "Yes"), ("no", "No"), ("not_sure", "I'm not sure"), ("not_applicable", "This does not apply to me")),
    ),
    Question(
        "medications",
        "multi",
        "Do you take any of these kinds of medicine? Check all that apply.",
        "everyday",
        (
            ("benzodiazepine", "A benzodiazepine, for anxiety or sleep (for example Xanax or Ativan)"),
            ("opioid", "An opioid pain medicine"),
            ("stimulant", "A stimulant, for example for ADHD"),
            ("maoi", "An MAOI antidepressant"),
            ("antipsychotic", "An antipsychotic"),
            ("antidepressant", "Any other antidepressant"),
        ),
        help="Leave them all unchecked if none apply. Do not write down names or doses.",
    ),
    Question(
        "ride_home",
        "bool",
        "After each treatment, can someone drive you home, and can you avoid driving until the next day?",
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
