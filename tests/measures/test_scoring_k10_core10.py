"""K10 (items 1-5, total 10-50, skip rules for items 3 and 6 from Andrews and Slade 2001, two
band schemes from the ABS information paper 4817.0.55.001) and CORE-10 (items 0-4, items 2 and 3
reverse-scored, prorated when one item is missing per the CORE System Trust)."""

from __future__ import annotations

import pytest

from talkingcure.measures import IncompleteAnswersError, ScoringContextError, score

from .helpers import filled, same


def test_k10_minimum_and_maximum() -> None:
    assert score("k10", same("k10", 1)).total == 10
    assert score("k10", same("k10", 5)).total == 50


@pytest.mark.parametrize(
    ("total", "code"),
    [(10, "low"), (15, "low"), (16, "moderate"), (21, "moderate"), (22, "high"),
     (29, "high"), (30, "very_high"), (50, "very_high")],
)  # fmt: skip
def test_k10_abs_band_edges(total: int, code: str) -> None:
    assert score("k10", filled("k10", total, high=5, low=1)).band_code == code


@pytest.mark.parametrize(
    ("total", "code"), [(19, "well"), (20, "mild"), (24, "mild"), (25, "moderate"), (30, "severe")]
)
def test_k10_second_scheme(total: int, code: str) -> None:
    result = score("k10", filled("k10", total, high=5, low=1), band_scheme="crufad_primary_care")
    assert result.band_code == code


def test_k10_unknown_scheme_is_refused() -> None:
    with pytest.raises(ScoringContextError):
        score("k10", same("k10", 1), band_scheme="nope")


def test_k10_skip_items_score_one() -> None:
    answers = same("k10", 2) | {"2": 1, "5": 1}
    del answers["3"], answers["6"]
    result = score("k10", answers)
    # items 1,4,7,8,9,10 at 2 (12) + items 2,5 at 1 (2) + skipped 3,6 scored 1 (2) = 16
    assert result.total == 16
    assert result.skipped == ("3", "6")


def test_k10_item3_needed_when_item2_endorsed() -> None:
    answers = same("k10", 2)
    del answers["3"]
    with pytest.raises(IncompleteAnswersError) as caught:
        score("k10", answers)
    assert caught.value.items == ("3",)


def test_core10_reverse_items() -> None:
    # all answers 0: items 2 and 3 are reversed (0 -> 4), so the total is 8
    assert score("core10", same("core10", 0)).total == 8
    assert score("core10", same("core10", 4)).total == 32
    lowest = same("core10", 0) | {"2": 4, "3": 4}
    assert score("core10", lowest).total == 0


@pytest.mark.parametrize(
    ("total", "code"),
    [(5, "healthy"), (6, "low"), (10, "low"), (11, "mild"), (14, "mild"), (15, "moderate"),
     (19, "moderate"), (20, "moderate_severe"), (24, "moderate_severe"), (25, "severe")],
)  # fmt: skip
def test_core10_band_edges(total: int, code: str) -> None:
    assert score("core10", _core(total)).band_code == code


def _core(total: int) -> dict[str, int]:
    """Non-reversed items carry the total; reversed items 2 and 3 answered 4 (score 0)."""
    answers = {"2": 4, "3": 4}
    for item in ("1", "4", "5", "6", "7", "8", "9", "10"):
        step = min(4, total)
        answers[item] = step
        total -= step
    return answers


def test_core10_item6_is_critical() -> None:
    result = score("core10", _core(0) | {"6": 1})
    assert [flag.item for flag in result.critical] == ["6"]


def test_core10_prorated_with_one_missing_item() -> None:
    answers = same("core10", 2)
    del answers["5"]
    result = score("core10", answers)
    # nine answered items score 2 each (reversed 2 stays 2): 18 x 10 / 9 = 20.0
    assert result.total == 20.0
    assert result.prorated
    assert result.missing == ("5",)


def test_core10_prorated_rounds_to_one_decimal() -> None:
    answers = same("core10", 2) | {"1": 1}
    del answers["5"]
    # answered scores sum to 17 over nine items: 17 x 10 / 9 = 18.888... -> 18.9
    assert score("core10", answers).total == 18.9


def test_core10_two_missing_items_are_refused() -> None:
    answers = same("core10", 2)
    del answers["5"], answers["9"]
    with pytest.raises(IncompleteAnswersError) as caught:
        score("core10", answers)
    assert caught.value.items == ("5", "9")


def test_core10_missing_risk_item_is_surfaced_when_prorated() -> None:
    answers = same("core10", 1)
    del answers["6"]
    result = score("core10", answers)
    assert result.critical[0].item == "6" and not result.critical[0].answered
