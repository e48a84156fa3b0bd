"""The safety rules about the mind, pregnancy and medicines: psychosis, mania, substance use, hallucinogens,
pregnancy and breastfeeding, MAOIs and stimulants."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .rules import KIND_SAFETY, NOT_SUITABLE, REVIEW, Rule, esketamine_else, every, has_any, is_one_of
from .sources import CLINIC_TEXT, COHEN, KETALAR, SANACORA, SPRAVATO


def names_bipolar_but_denies_mania(a) -> bool:
    """Contradictory answers are read the riskier way: bipolar depression implies a history of mania or hypomania."""
    return a.get("condition") == "bipolar-depression" and a.get("mania_history") == "no"


PSYCHOSIS = (
    f"{COHEN} (avoid in poorly controlled psychosis); {SPRAVATO} (psychosis: only if the benefit outweighs the "
    f"risk); {SANACORA}"
)

MIND_RULES: tuple[Rule, ...] = (
    Rule(
        "R-PSYCHOSIS-CURRENT",
        is_one_of("psychosis_history", "current"),
        every(NOT_SUITABLE),
        KIND_SAFETY,
        _(
            "You said you have psychosis now, or had it in the past month. Ketamine can make psychosis worse, so "
            "these treatments are not safe for you right now. Please talk with your own doctor or psychiatrist."
        ),
        _("Current psychosis (now or in the past month): not suitable for ketamine or esketamine."),
        PSYCHOSIS,
    ),
    Rule(
        "R-PSYCHOSIS",
        is_one_of("psychosis_history", "past", "not_sure"),
        every(REVIEW),
        KIND_SAFETY,
        _(
            "Ketamine can cause strange or dream-like feelings. Because of a past (or possible) psychosis, if you "
            "send a referral, a doctor at the clinic will talk with you first."
        ),
        _("Past or possible psychosis: psychiatric review before treatment."),
        PSYCHOSIS,
    ),
    Rule(
        "R-MANIA-CURRENT",
        is_one_of("mania_history", "current"),
        every(NOT_SUITABLE),
        KIND_SAFETY,
        _(
            "You said you have mania or hypomania now, or had it in the past month. Ketamine can bring on mania, "
            "so these treatments are not safe for you right now. Please talk with your own doctor or psychiatrist."
        ),
        _("Current mania or hypomania (now or in the past month): not suitable (ketamine can precipitate mania)."),
        f"{SANACORA} (assess for current mania; ketamine can precipitate it); {SPRAVATO} (not studied in bipolar "
        "disorder)",
    ),
    Rule(
        "R-MANIA",
        lambda a: a.get("mania_history") in ("past", "not_sure") or names_bipolar_but_denies_mania(a),
        every(REVIEW),
        KIND_SAFETY,
        _(
            "Because of past (or possible) mania, hypomania or bipolar disorder, if you send a referral, a doctor at "
            "the clinic will talk with you first."
        ),
        _("Past or possible mania, hypomania or bipolar disorder: psychiatric review before treatment."),
        SANACORA,
    ),
    Rule(
        "R-SUBSTANCE-CURRENT",
        is_one_of("substance_use", "current"),
        every(NOT_SUITABLE),
        KIND_SAFETY,
        _(
            "You said you have had a problem with alcohol or drugs in the past 12 months. Ketamine treatment is not "
            "safe while that is going on. Free, confidential help is there 24/7, in English and Spanish: call the "
            "SAMHSA National Helpline at 1-800-662-4357."
        ),
        _("Substance use problem in the past 12 months: not suitable. SAMHSA National Helpline given."),
        f'{COHEN} ("serial ketamine infusions should not be undertaken in patients with an active substance abuse '
        f'problem"); {SPRAVATO} (abuse and misuse); {SANACORA}',
        shows_substance_helpline=True,
    ),
    Rule(
        "R-SUBSTANCE",
        is_one_of("substance_use", "past"),
        every(REVIEW),
        KIND_SAFETY,
        _(
            "Ketamine can be misused. Because you had a problem with alcohol or drugs in the past, if you send a "
            "referral, a doctor at the clinic will talk with you about it first."
        ),
        _("Past substance use problem (more than 12 months ago): assess the risk of misuse before treatment."),
        f"{SPRAVATO} (abuse and misuse: assess the risk); {SANACORA}",
        shows_substance_helpline=True,
    ),
    Rule(
        "R-HALLUCINOGEN",
        is_one_of("hallucinogen_bad_reaction", True),
        every(REVIEW),
        KIND_SAFETY,
        _(
            "You have had a bad reaction to a hallucinogen or psychedelic. If you send a referral, a doctor at the "
            "clinic will talk with you about it first."
        ),
        _("Prior bad reaction to a hallucinogen or psychedelic: review."),
        CLINIC_TEXT,
    ),
)

PREGNANCY_AND_MEDICINE_RULES: tuple[Rule, ...] = (
    Rule(
        "R-PREGNANT",
        is_one_of("pregnancy", "pregnant"),
        esketamine_else(NOT_SUITABLE, REVIEW),
        KIND_SAFETY,
        _(
            "The esketamine nasal spray is not recommended during pregnancy: it may harm an unborn baby. For the "
            "other ketamine treatments, if you send a referral, a doctor at the clinic will talk with you first."
        ),
        _("Pregnant: esketamine not recommended (may cause fetal harm); racemic ketamine needs review."),
        f"{SPRAVATO}, 8.1 pregnancy (may cause fetal harm; not recommended); {COHEN}",
    ),
    Rule(
        "R-PREGNANCY",
        is_one_of("pregnancy", "trying", "breastfeeding", "not_sure"),
        every(REVIEW),
        KIND_SAFETY,
        _(
            "Ketamine and esketamine may harm an unborn baby and may pass into breast milk. If you send a referral, "
            "a doctor at the clinic will talk with you first."
        ),
        _("Trying to conceive, breastfeeding, or not sure of pregnancy: review (fetal risk; lactation)."),
        f"{SPRAVATO}, 8.1 pregnancy and 8.2 lactation (not recommended while breastfeeding)",
    ),
    Rule(
        "R-MAOI-STIM",
        has_any("medications", "maoi", "stimulant"),
        every(REVIEW),
        KIND_SAFETY,
        _(
            "MAOIs and stimulants can raise blood pressure together with ketamine or esketamine. If you send a "
            "referral, a doctor at the clinic will check your medicines first."
        ),
        _("Takes an MAOI or a psychostimulant: review for a blood-pressure interaction."),
        f"{SPRAVATO}, drug interactions (psychostimulants, MAOIs: blood pressure); {KETALAR} (blood pressure rise; "
        "same pharmacology)",
    ),
)
