"""PHQ-9 scoring (Kroenke, Spitzer & Williams 2001): nine items scored 0-3, a total of 0-27 and its severity band.

Pure: no HTTP, no database. Item 9 is the one about thoughts of death or self-harm.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

ITEM_COUNT = 9
SUICIDE_ITEM = 9  # 1-based, as the questionnaire numbers it

# (lowest total, band id, words), per Kroenke 2001: 0-4, 5-9, 10-14, 15-19, 20-27.
BANDS: tuple[tuple[int, str, str], ...] = (
    (0, "minimal", _("Minimal")),
    (5, "mild", _("Mild")),
    (10, "moderate", _("Moderate")),
    (15, "moderately_severe", _("Moderately severe")),
    (20, "severe", _("Severe")),
)

# The questionnaire's own wording ("Over the last 2 weeks, how often have you been bothered by …").
ITEMS: tuple[str, ...] = (
    _("Little interest or pleasure in doing things"),
    _("Feeling down, depressed, or hopeless"),
    _("Trouble falling or staying asleep, or sleeping too much"),
    _("Feeling tired or having little energy"),
    _("Poor appetite or overeating"),
    _("Feeling bad about yourself, or that you are a failure or have let yourself or your family down"),
    _("Trouble concentrating on things, such as reading the newspaper or watching television"),
    _(
        "Moving or speaking so slowly that other people could have noticed, or the opposite: being so fidgety "
        "or restless that you have been moving around a lot more than usual"
    ),
    _("Thoughts that you would be better off dead, or of hurting yourself in some way"),
)
SOURCE = (
    "Kroenke K, Spitzer RL, Williams JBW. The PHQ-9: validity of a brief depression severity measure. "
    "J Gen Intern Med 2001;16(9):606-613"
)


@dataclass(frozen=True)
class Phq9Score:
    total: int
    band: str
    band_label: str
    item9: int

    @property
    def suicide_item_endorsed(self) -> bool:
        return self.item9 > 0


def band_for(total: int) -> tuple[str, str]:
    """(band id, words) of a PHQ-9 total 0-27. Raises ValueError outside it."""
    if type(total) is not int or not 0 <= total <= 3 * ITEM_COUNT:
        raise ValueError(f"A PHQ-9 total is a whole number from 0 to 27, not {total!r}.")
    band = next(band for band in reversed(BANDS) if total >= band[0])
    return band[1], band[2]


def score_phq9(items: Sequence[int]) -> Phq9Score:
    """Score nine answers of 0-3. Raises ValueError unless there are exactly nine whole numbers 0-3."""
    if len(items) != ITEM_COUNT or any(type(item) is not int or not 0 <= item <= 3 for item in items):
        raise ValueError("The PHQ-9 has nine items, each answered 0, 1, 2 or 3.")
    total = sum(items)
    band, label = band_for(total)
    return Phq9Score(total=total, band=band, band_label=label, item9=items[SUICIDE_ITEM - 1])
