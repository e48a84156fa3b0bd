"""Rule set 2 of the pre-screen: every rule, its effect per treatment, kind, words and source.

Sources are the FDA labels (KETALAR, SPRAVATO), the consensus statements
(Sanacora 2017, Cohen 2018) and the screeners (PHQ-2/PHQ-9, the Columbia Protocol's
triage logic). A clinic's marketing text is never the only source of an exclusion:
the two rules that rest on one alone are reviews, and say so.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .flag_rules import FLAG_RULES
from .rules import (
    CRISIS,
    KIND_CRISIS,
    KIND_INDICATION,
    KIND_SAFETY,
    KIND_SCOPE,
    NOT_SUITABLE,
    REVIEW,
    Rule,
    esketamine_only,
    every,
    for_depression,
    is_one_of,
    reports_no_suicidal_thoughts_or_behavior,
)
from .safety_rules import SAFETY_RULES
from .sources import COLUMBIA, PHQ9, SIMON, SPRAVATO, SPRAVATO_INDICATIONS

RULESET_VERSION = "2026-12-03.2"
RULESET_1_VERSION = "2026-11-23.1"

CRISIS_RULES: tuple[Rule, ...] = (
    Rule(
        "R-CRISIS-1",
        is_one_of("suicide_intent_or_plan", True),
        every(CRISIS),
        KIND_CRISIS,
        _(
            "You said you may act on thoughts of ending your life, or have worked out a plan. Please get help "
            "right now: call or text 988, or call 911."
        ),
        _("Reports intent to act on suicidal thoughts, or a plan: crisis. Not routed; emergency help shown."),
        f"{COLUMBIA}: intent or plan means emergency; {PHQ9}",
        shows_crisis_resources=True,
    ),
    Rule(
        "R-CRISIS-2",
        is_one_of("suicide_behavior", "past_3_months"),
        every(CRISIS),
        KIND_CRISIS,
        _(
            "You said you did something, or got ready, to end your life in the past 3 months. Please get help "
            "right now: call or text 988, or call 911."
        ),
        _(
            "Suicidal behavior (an attempt or preparation) in the past 3 months: crisis. "
            "Not routed; emergency help shown."
        ),
        f"{COLUMBIA}: suicidal behavior in the past 3 months means emergency",
        shows_crisis_resources=True,
    ),
)

AGE_RULE = Rule(
    "R-AGE",
    is_one_of("age_18_or_over", False),
    every(NOT_SUITABLE),
    KIND_SCOPE,
    _(
        "This service is for adults 18 and older. Please talk with your doctor, or a parent or guardian. "
        "If you are in danger now, call 911, or call or text 988."
    ),
    _("Under 18: outside this service, which serves adults only. Not routed."),
    f"This service serves adults only; {SPRAVATO} (approved for adults)",
    shows_crisis_resources=True,
)

SUICIDE_RISK_RULES: tuple[Rule, ...] = (
    Rule(
        "R-SI-1",
        lambda a: (a.get("self_harm_thoughts") or 0) > 0,
        every(REVIEW),
        KIND_SAFETY,
        _(
            "You said you have had thoughts of death or of hurting yourself. If you send a referral, a doctor at "
            "the clinic will talk with you about this first. You can call or text 988 at any time."
        ),
        _(
            "Endorses PHQ-9 item 9 (thoughts of death or self-harm in the past 2 weeks): suicide risk "
            "assessment before treatment."
        ),
        f"{PHQ9}; {SIMON}",
        shows_crisis_resources=True,
        high_priority=lambda a: (a.get("self_harm_thoughts") or 0) >= 2,
    ),
    Rule(
        "R-SI-2",
        is_one_of("suicide_behavior", "over_3_months_ago"),
        every(REVIEW),
        KIND_SAFETY,
        _(
            "You said you once did something, or got ready, to end your life, more than 3 months ago. If you send "
            "a referral, a doctor at the clinic will talk with you about this first. You can call or text 988 at "
            "any time."
        ),
        _("Past suicidal behavior (an attempt or preparation more than 3 months ago): suicide risk assessment first."),
        f"{COLUMBIA}; {SIMON}",
        shows_crisis_resources=True,
    ),
)

INDICATION_RULES: tuple[Rule, ...] = (
    Rule(
        "R-ESK-INDICATION",
        lambda a: "condition" in a and not for_depression(a),
        esketamine_only(NOT_SUITABLE),
        KIND_INDICATION,
        _(
            "The esketamine nasal spray (SPRAVATO) is approved only for depression: depression that has not "
            "gotten better with other antidepressants, or depression with thoughts of suicide. It is not approved "
            "for the reason you chose."
        ),
        _(
            "Esketamine not indicated for the condition named: SPRAVATO is approved only for treatment-resistant "
            "MDD and for depressive symptoms in MDD with acute suicidal ideation or behavior."
        ),
        SPRAVATO_INDICATIONS,
    ),
    Rule(
        "R-ESK-TRIALS",
        lambda a: (
            for_depression(a)
            and a.get("antidepressant_trials") in ("0", "1")
            and reports_no_suicidal_thoughts_or_behavior(a)
        ),
        esketamine_only(NOT_SUITABLE),
        KIND_INDICATION,
        _(
            "The esketamine nasal spray is approved for depression that has not gotten better after at least two "
            "antidepressants, or for depression with thoughts of suicide. You said you have tried fewer than two."
        ),
        _(
            "Esketamine not indicated yet: fewer than two adequate antidepressant trials reported and no suicidal "
            "ideation or behavior (the TRD indication needs an inadequate response to at least two)."
        ),
        f"{SPRAVATO}, indications (treatment-resistant depression: inadequate response to at least two "
        "antidepressants)",
    ),
    Rule(
        "R-ESK-TRIALS-UNSURE",
        lambda a: (
            for_depression(a)
            and a.get("antidepressant_trials") == "not_sure"
            and reports_no_suicidal_thoughts_or_behavior(a)
        ),
        esketamine_only(REVIEW),
        KIND_INDICATION,
        _(
            "You were not sure how many antidepressants you have tried. The esketamine nasal spray is approved "
            "after at least two. If you send a referral, a doctor at the clinic will check this with you first."
        ),
        _("Number of adequate antidepressant trials unknown: confirm at least two before esketamine (TRD indication)."),
        f"{SPRAVATO}, indications (treatment-resistant depression: inadequate response to at least two "
        "antidepressants)",
    ),
)

# In the order findings are shown: crisis, scope, suicide risk, indication, safety, then flags.
RULES: tuple[Rule, ...] = CRISIS_RULES + (AGE_RULE,) + SUICIDE_RISK_RULES + INDICATION_RULES + SAFETY_RULES + FLAG_RULES
RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}
