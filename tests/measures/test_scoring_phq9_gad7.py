"""PHQ-9 and GAD-7: totals, every band edge, item 9, refusals.

Bands: Kroenke, Spitzer and Williams 2001 (PHQ-9: 0-4 minimal, 5-9 mild, 10-14 moderate,
15-19 moderately severe, 20-27 severe); Spitzer et al. 2006 (GAD-7: 0-4, 5-9, 10-14, 15-21).
Neither publishes a missing-item rule, so incomplete forms are refused.
"""

from __future__ import annotations

from typing import Any

import pytest

from talkingcure.measures import (
    IncompleteAnswersError,
    OutOfRangeError,
    UnknownItemError,
    score,
)

from .helpers import filled, same


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"),
        (14, "moderate"), (15, "moderately_severe"), (19, "moderately_severe"),
        (20, "severe"), (27, "severe"),
    ],
)  # fmt: skip
def test_phq9_band_edges(total: int, band: str) -> None:
    # keep item 9 at zero where the total allows it, so the band is tested without a flag
    answers = _without_item9(total) if total <= 24 else filled("phq9", total, high=3)
    result = score("phq9", answers)
    assert result.total == total
    assert result.band is not None and result.band_code == band


def _without_item9(total: int) -> dict[str, int]:
    answers = {str(i): 0 for i in range(1, 10)}
    for item in map(str, range(1, 9)):
        step = min(3, total)
        answers[item] = step
        total -= step
    return answers


def test_phq9_range_is_0_to_27() -> None:
    assert score("phq9", same("phq9", 0)).total_range == (0, 27)


@pytest.mark.parametrize(
    ("total", "band"),
    [(0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"),
     (14, "moderate"), (15, "severe"), (21, "severe")],
)  # fmt: skip
def test_gad7_band_edges(total: int, band: str) -> None:
    result = score("gad7", filled("gad7", total, high=3))
    assert (result.total, result.band_code if result.band else None) == (total, band)


def test_item9_above_zero_is_a_critical_flag() -> None:
    answers = same("phq9", 0)
    answers["9"] = 1
    result = score("phq9", answers)
    assert [flag.item for flag in result.critical] == ["9"]
    assert result.critical[0].value == 1
    assert "risk" in result.critical[0].message


def test_item9_at_zero_raises_no_flag() -> None:
    assert score("phq9", same("phq9", 2) | {"9": 0}).critical == ()


def test_missing_item_is_refused_and_named() -> None:
    answers = same("phq9", 1)
    del answers["3"]
    with pytest.raises(IncompleteAnswersError) as caught:
        score("phq9", answers)
    assert caught.value.items == ("3",)
    assert "item(s) 3" in str(caught.value)


def test_refusal_still_surfaces_a_critical_answer() -> None:
    answers = same("phq9", 0) | {"9": 2}
    del answers["1"]
    with pytest.raises(IncompleteAnswersError) as caught:
        score("phq9", answers)
    assert [(f.item, f.value) for f in caught.value.critical] == [("9", 2)]


def test_missing_item9_is_surfaced_as_unanswered() -> None:
    answers = same("phq9", 0)
    del answers["9"]
    with pytest.raises(IncompleteAnswersError) as caught:
        score("phq9", answers)
    assert caught.value.critical[0].item == "9"
    assert not caught.value.critical[0].answered


def test_none_counts_as_unanswered() -> None:
    with pytest.raises(IncompleteAnswersError):
        score("gad7", same("gad7", 1) | {"4": None})


@pytest.mark.parametrize("bad", [4, -1, 1.0, "2", True])
def test_out_of_range_values_are_refused(bad: Any) -> None:
    with pytest.raises(OutOfRangeError) as caught:
        score("gad7", same("gad7", 1) | {"2": bad})
    assert caught.value.items == ("2",)


def test_out_of_range_refusal_keeps_critical_answer() -> None:
    with pytest.raises(OutOfRangeError) as caught:
        score("phq9", same("phq9", 0) | {"1": 5, "9": 3})
    assert [f.item for f in caught.value.critical] == ["9"]


def test_unknown_item_is_refused() -> None:
    with pytest.raises(UnknownItemError) as caught:
        score("gad7", same("gad7", 0) | {"8": 1})
    assert "'8'" in str(caught.value)


def test_licence_status_is_returned() -> None:
    result = score("phq9", same("phq9", 0))
    assert result.licence.enabled
    assert "Pfizer" in result.licence.holder
