"""The medical (safety) rules of rule set 2: allergy and past reactions, blood vessels, the body.

The rules about the mind, pregnancy and medicines are in mind_rules.py; both are joined here.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .mind_rules import MIND_RULES, PREGNANCY_AND_MEDICINE_RULES
from .rules import (
    KIND_SAFETY,
    NOT_SUITABLE,
    REVIEW,
    Rule,
    esketamine_else,
    every,
    has_any,
    is_one_of,
)
from .sources import CLINIC_TEXT, COHEN, KETALAR, SPRAVATO

ALLERGY_AND_REACTION_RULES: tuple[Rule, ...] = (
    Rule(
        "R-ALLERGY",
        is_one_of("ketamine_allergy", "yes"),
        every(NOT_SUITABLE),
        KIND_SAFETY,
        _(
            "You said you have had an allergic reaction to ketamine or esketamine, so these treatments are not "
            "safe for you. Please talk with your own doctor about other options."
        ),
        _("Reported hypersensitivity to ketamine or esketamine: contraindicated for every treatment offered."),
        f"{KETALAR} and {SPRAVATO}, contraindications (hypersensitivity)",
    ),
    Rule(
        "R-ALLERGY-UNSURE",
        is_one_of("ketamine_allergy", "not_sure"),
        every(REVIEW),
        KIND_SAFETY,
        _(
            "You were not sure about an allergy to ketamine or esketamine. If you send a referral, a doctor at the "
            "clinic will check this with you first."
        ),
        _("Possible hypersensitivity to ketamine or esketamine (not sure): clarify before any treatment."),
        f"{KETALAR} and {SPRAVATO}, contraindications (hypersensitivity)",
    ),
    Rule(
        "R-PRIOR-REACTION",
        is_one_of("ketamine_before", "bad_reaction"),
        every(REVIEW),
        KIND_SAFETY,
        _(
            "You said you had a bad reaction to ketamine or esketamine before. If you send a referral, a doctor at "
            "the clinic will talk with you about it first."
        ),
        _(
            "Prior non-allergic adverse reaction to ketamine or esketamine (e.g. marked hypertension, severe panic, "
            "confusion): review before treating again."
        ),
        f"{KETALAR} (emergence reactions, blood pressure); {SPRAVATO} (dissociation, blood pressure)",
    ),
)

VASCULAR = (
    f"{SPRAVATO}, contraindications (aneurysmal vascular disease, arteriovenous malformation, intracerebral "
    f"hemorrhage); {KETALAR}, contraindications (where a significant rise in blood pressure would be a serious hazard)"
)

VASCULAR_RULES: tuple[Rule, ...] = (
    Rule(
        "R-VASC",
        is_one_of("vascular_history", "yes"),
        every(NOT_SUITABLE),
        KIND_SAFETY,
        _(
            "You said you have an aneurysm or an AVM, or have had bleeding in the brain. Ketamine and esketamine "
            "raise blood pressure, which is not safe with these. Please talk with your own doctor."
        ),
        _(
            "Aneurysmal vascular disease, AVM or intracerebral hemorrhage, not reported as treated: esketamine "
            "contraindicated; racemic ketamine contraindicated where a rise in blood pressure is a serious hazard."
        ),
        VASCULAR,
    ),
    Rule(
        "R-VASC-TREATED",
        is_one_of("vascular_history", "yes_treated"),
        esketamine_else(NOT_SUITABLE, REVIEW),
        KIND_SAFETY,
        _(
            "You said you have had an aneurysm, an AVM or bleeding in the brain that was repaired or treated. The "
            "esketamine nasal spray is not safe with this history. For the other ketamine treatments, if you send "
            "a referral, a doctor at the clinic will check your history first."
        ),
        _(
            "Treated or repaired aneurysm, AVM or intracerebral hemorrhage: esketamine contraindicated; racemic "
            "ketamine needs a physician's review of vascular status and blood-pressure risk."
        ),
        VASCULAR,
    ),
    Rule(
        "R-VASC-UNSURE",
        is_one_of("vascular_history", "not_sure"),
        every(REVIEW),
        KIND_SAFETY,
        _(
            "You were not sure about an aneurysm, an AVM or bleeding in the brain. If you send a referral, a doctor "
            "at the clinic will check this first."
        ),
        _("Possible aneurysm, AVM or intracerebral hemorrhage (not sure): clarify before any treatment."),
        VASCULAR,
    ),
)

BODY_RULES: tuple[Rule, ...] = (
    Rule(
        "R-HEART",
        has_any("medical_conditions", "uncontrolled-blood-pressure", "heart-disease", "stroke"),
        every(REVIEW),
        KIND_SAFETY,
        _(
            "Ketamine raises blood pressure and heart rate for a while. Because of your blood pressure, heart or "
            "stroke history, if you send a referral, a doctor at the clinic will check you first."
        ),
        _(
            "Uncontrolled hypertension, heart disease or prior stroke: cardiovascular assessment before treatment; "
            "monitor blood pressure."
        ),
        f"{KETALAR} (blood pressure, heart rate); {SPRAVATO} (blood pressure: assess before, monitor after); {COHEN}",
    ),
    Rule(
        "R-PRESSURE",
        has_any("medical_conditions", "head-injury-or-brain-pressure", "glaucoma"),
        every(REVIEW),
        KIND_SAFETY,
        _(
            "Ketamine can raise pressure in the head and eyes. Because of a head injury, brain pressure or "
            "glaucoma, if you send a referral, a doctor at the clinic will check you first."
        ),
        _("Head injury, raised intracranial pressure or glaucoma: review (intracranial and intraocular pressure)."),
        f"{KETALAR} (CSF pressure); {SPRAVATO} (intracranial pressure); {COHEN}",
    ),
    Rule(
        "R-LIVER",
        has_any("medical_conditions", "severe-liver-disease"),
        esketamine_else(NOT_SUITABLE, REVIEW),
        KIND_SAFETY,
        _(
            "Serious liver disease changes how the body handles these medicines. The esketamine nasal spray is not "
            "recommended with it. For the other ketamine treatments, if you send a referral, a doctor at the "
            "clinic will check you first."
        ),
        _(
            "Severe liver disease: esketamine not recommended (severe hepatic impairment, Child-Pugh C); racemic "
            "ketamine needs review (consensus: avoid in severe liver disease)."
        ),
        f"{SPRAVATO}, 8.6 hepatic impairment (Child-Pugh C: not recommended); {COHEN} (avoid in severe liver disease)",
    ),
    Rule(
        "R-BLEED",
        has_any("medical_conditions", "active-internal-bleeding"),
        every(REVIEW),
        KIND_SAFETY,
        _(
            "Bleeding inside the body needs a doctor's care first. If you send a referral, a doctor at the clinic "
            "will talk with you about it."
        ),
        _("Active internal bleeding reported: review before any treatment."),
        CLINIC_TEXT,
    ),
    Rule(
        "R-BLADDER",
        has_any("medical_conditions", "bladder-problems"),
        every(REVIEW),
        KIND_SAFETY,
        _(
            "Ketamine can irritate the bladder. Because of your bladder problems, if you send a referral, a doctor "
            "at the clinic will check with you first."
        ),
        _("Bladder pain or interstitial cystitis: review (cystitis reported with ketamine and esketamine)."),
        f"{SPRAVATO} (ulcerative or interstitial cystitis); {KETALAR} (cystitis with long-term use)",
    ),
    Rule(
        "R-BREATHING",
        has_any("medical_conditions", "breathing-problems"),
        every(REVIEW),
        KIND_SAFETY,
        _(
            "Ketamine and esketamine can slow breathing. Because of sleep apnea, lung disease or oxygen at home, if "
            "you send a referral, a doctor at the clinic will check you first."
        ),
        _("Sleep apnea, serious lung disease or home oxygen: review for respiratory depression."),
        f"{SPRAVATO}, boxed warning (respiratory depression); {KETALAR} (respiratory depression)",
    ),
)

SAFETY_RULES: tuple[Rule, ...] = (
    ALLERGY_AND_REACTION_RULES + VASCULAR_RULES + BODY_RULES + MIND_RULES + PREGNANCY_AND_MEDICINE_RULES
)
