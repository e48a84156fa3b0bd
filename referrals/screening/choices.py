"""The answer choices the questions share, and the treatment and condition slugs they speak of.

The slugs, and the conditions' plain wording, come from directory.vocabulary.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from directory.vocabulary import CONDITIONS as VOCABULARY_CONDITIONS
from directory.vocabulary import ESKETAMINE, TREATMENT_SLUGS  # noqa: F401 (ESKETAMINE is read from here)

TREATMENTS: tuple[str, ...] = TREATMENT_SLUGS
DEPRESSION_CONDITIONS = frozenset({"depression", "treatment-resistant-depression"})
# The condition question's choices: each condition in the pre-screen's plain words.
CONDITIONS: tuple[tuple[str, str], ...] = tuple((term.slug, term.plain_label) for term in VOCABULARY_CONDITIONS)

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
