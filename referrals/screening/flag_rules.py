"""The flags of rule set 2: things a treating clinic should know. A flag never changes an outcome.

A flag is shown whether or not clinics are listed, so its words name no particular clinic.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .questions import ESKETAMINE
from .rules import FLAG, Rule, every, for_depression, has_any, is_one_of
from .sources import KETALAR, SPRAVATO

FLAGS = every(FLAG)

FLAG_RULES: tuple[Rule, ...] = (
    Rule(
        "F-SEDATIVES",
        has_any("medications", "benzodiazepine", "opioid"),
        FLAGS,
        None,
        _(
            "Benzodiazepines and opioids add to the sleepiness ketamine causes, and benzodiazepines may make it "
            "work less well. Tell any doctor or clinic that treats you that you take them."
        ),
        _("Takes a benzodiazepine or an opioid: added sedation; benzodiazepines may weaken the response."),
        f"{KETALAR} and {SPRAVATO} (CNS depressants: more sedation); Andrashko V et al., Front Psychiatry 2020 "
        "(benzodiazepines may weaken the response)",
    ),
    Rule(
        "F-MOOD-STABILIZER",
        has_any("medications", "mood-stabilizer"),
        FLAGS,
        None,
        _(
            "Some mood stabilizers, such as lamotrigine, may make ketamine work less well. "
            "Tell any doctor or clinic that treats you that you take one."
        ),
        _("Takes a mood stabilizer (lithium, lamotrigine or valproate): lamotrigine may blunt ketamine's effect."),
        "Anand A et al., Arch Gen Psychiatry 2000 (lamotrigine attenuates ketamine's effects)",
    ),
    Rule(
        "F-OTHER-MEDS",
        has_any("medications", "antipsychotic", "antidepressant"),
        FLAGS,
        None,
        _(
            "Tell any doctor or clinic that treats you about every medicine you take, including antipsychotics "
            "and antidepressants."
        ),
        _("Takes an antipsychotic or an antidepressant: get the full medication list."),
        "Clinic intake practice: disclose all medications (a ketamine clinic's patient-information text; "
        "not in the FDA labels, and only a flag)",
    ),
    Rule(
        "F-OLDER-ADULT",
        is_one_of("age_65_or_over", True),
        FLAGS,
        None,
        _(
            "You are 65 or older. These medicines can cause more sleepiness and a higher chance of falls, so a "
            "clinic would watch you more closely."
        ),
        _("Age 65 or older: monitor for sedation and falls."),
        f"{SPRAVATO}, 8.5 geriatric use",
    ),
    Rule(
        "F-TRD",
        lambda a: for_depression(a) and a.get("antidepressant_trials") == "2+",
        FLAGS,
        None,
        _(
            "You said you tried two or more antidepressants without enough relief; insurers usually ask for this "
            "before they cover esketamine."
        ),
        _(
            "Reports two or more antidepressant trials without enough relief (as reported: not a diagnosis of "
            "treatment-resistant depression)."
        ),
        f"{SPRAVATO}, indications (treatment-resistant depression; monotherapy since 2025)",
        only_while_open=ESKETAMINE,
    ),
    Rule(
        "F-RIDE",
        lambda a: a.get("ride_home") is False or a.get("no_driving_until_next_day") is False,
        FLAGS,
        None,
        _(
            "You will need someone to take you home after each treatment, and you must not drive until the next "
            "day, after a night's sleep (esketamine requires this). Ask any clinic you contact about transport."
        ),
        _("Needs transport: no ride home, or cannot avoid driving until the next day after each treatment."),
        f"{SPRAVATO} and its REMS (no driving until the next day after restful sleep)",
    ),
    Rule(
        "F-PHQ2",
        lambda a: (a.get("phq2_interest") or 0) + (a.get("phq2_mood") or 0) >= 3,
        FLAGS,
        None,
        _("Your answers about mood and interest suggest symptoms a clinician should follow up on."),
        _("PHQ-2 score of 3 or more: depressive symptoms worth a clinician's follow-up."),
        "PHQ-2 (Kroenke K et al., Med Care 2003)",
    ),
)
