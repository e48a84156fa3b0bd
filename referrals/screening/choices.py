"""The answer choices the questions share, and the treatment and condition slugs they speak of."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

TREATMENTS: tuple[str, ...] = (
    "iv-infusion",
    "im-injection",
    "esketamine-nasal-spray",
    "oral-sublingual",
    "ketamine-assisted-psychotherapy",
)
ESKETAMINE = "esketamine-nasal-spray"
DEPRESSION_CONDITIONS = frozenset({"depression", "treatment-resistant-depression"})

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
YES_NO = ((True, _("Yes")), (False, _("No")))
NOT_SURE = ("not_sure", _("Not sure"))
CURRENT_PAST = (
    ("current", _("Yes, now or in the past month")),
    ("past", _("Yes, but not in the past month")),
    ("no", _("No")),
    NOT_SURE,
)
