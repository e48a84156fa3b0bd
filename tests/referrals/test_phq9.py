"""PHQ-9 scoring (Kroenke 2001): the total and its severity band at every band edge."""

import pytest

from referrals.coverage.phq9 import band_for, score_phq9


def items_totalling(total: int, *, item9: int = 0) -> list[int]:
    rest, items = total - item9, []
    for _ in range(8):
        items.append(min(3, rest))
        rest -= items[-1]
    assert rest == 0
    return [*items, item9]


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately_severe"),
        (19, "moderately_severe"),
        (20, "severe"),
        (27, "severe"),
    ],
)
def test_every_band_edge(total, band):
    score = score_phq9(items_totalling(total, item9=3 if total == 27 else 0))
    assert (score.total, score.band) == (total, band)
    assert band_for(total)[0] == band


def test_band_words():
    assert str(score_phq9([1] * 9).band_label) == "Mild"
    assert str(score_phq9([2] * 8 + [0]).band_label) == "Moderately severe"


def test_item_9_is_the_last_item():
    score = score_phq9([0] * 8 + [1])
    assert score.item9 == 1 and score.suicide_item_endorsed
    assert not score_phq9([3] * 8 + [0]).suicide_item_endorsed


@pytest.mark.parametrize(
    "items",
    [[0] * 8, [0] * 10, [0] * 8 + [4], [0] * 8 + [-1], [0] * 8 + ["1"], [0] * 8 + [True], [0] * 8 + [1.0]],
)
def test_anything_but_nine_answers_of_0_to_3_is_refused(items):
    with pytest.raises(ValueError):
        score_phq9(items)


@pytest.mark.parametrize("total", [-1, 28, 5.0])
def test_band_for_refuses_impossible_totals(total):
    with pytest.raises(ValueError):
        band_for(total)
