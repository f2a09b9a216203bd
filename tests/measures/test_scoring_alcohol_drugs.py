"""AUDIT (WHO 2001: zones 0-7, 8-15, 16-19, 20-40; items 9-10 scored 0/2/4), AUDIT-C by sex
(Bradley et al. 2007: positive at 3+ for women, 4+ for men) and DAST-10 (item 3 reversed;
Skinner / CAMH bands 0, 1-2, 3-5, 6-8, 9-10)."""

from __future__ import annotations

import pytest

from talkingcure.measures import OutOfRangeError, ScoringContextError, score

from .helpers import same


def audit_total(total: int) -> dict[str, int]:
    answers = {str(i): 0 for i in range(1, 11)}
    for item in map(str, range(1, 9)):
        step = min(4, total)
        answers[item] = step
        total -= step
    return answers


@pytest.mark.parametrize(
    ("total", "code"),
    [(0, "zone_1"), (7, "zone_1"), (8, "zone_2"), (15, "zone_2"), (16, "zone_3"),
     (19, "zone_3"), (20, "zone_4"), (32, "zone_4")],
)  # fmt: skip
def test_audit_zone_edges(total: int, code: str) -> None:
    result = score("audit", audit_total(total))
    assert (result.total, result.band_code) == (total, code)


def test_audit_maximum_is_40() -> None:
    result = score("audit", same("audit", 4))
    assert result.total == 40
    assert result.total_range == (0, 40)


def test_audit_items_9_and_10_take_only_0_2_4() -> None:
    with pytest.raises(OutOfRangeError) as caught:
        score("audit", audit_total(3) | {"9": 3})
    assert caught.value.items == ("9",)
    assert score("audit", audit_total(3) | {"9": 2, "10": 4}).total == 9


def test_audit_skip_when_items_2_and_3_are_zero() -> None:
    answers = {"1": 1, "2": 0, "3": 0, "9": 0, "10": 2}
    result = score("audit", answers)
    assert result.total == 3
    assert result.skipped == ("4", "5", "6", "7", "8")


@pytest.mark.parametrize(
    ("sex", "total", "code"),
    [("female", 2, "negative"), ("female", 3, "positive"), ("male", 3, "negative"),
     ("male", 4, "positive")],
)  # fmt: skip
def test_audit_c_cutoffs_by_sex(sex: str | None, total: int, code: str) -> None:
    answers = {"1": min(total, 4), "2": max(total - 4, 0), "3": 0}
    result = score("audit_c", answers, sex=sex)
    assert (result.total, result.band_code) == (total, code)


def test_audit_c_without_sex_gives_total_but_no_band() -> None:
    result = score("audit_c", {"1": 2, "2": 1, "3": 0})
    assert result.total == 3
    assert result.band is None
    assert "women and men" in result.band_note


def test_audit_c_rejects_other_sex_values() -> None:
    with pytest.raises(ScoringContextError):
        score("audit_c", {"1": 2, "2": 1, "3": 0}, sex="F")


def test_dast10_item3_is_reverse_scored() -> None:
    # all "no": only item 3 ("always able to stop") scores, as 1
    assert score("dast10", same("dast10", 0)).total == 1
    # all "yes": nine items score 1, item 3 scores 0
    result = score("dast10", same("dast10", 1))
    assert (result.total, result.band_code) == (9, "severe")


@pytest.mark.parametrize(
    ("yes", "code"),
    [
        (0, "none"),
        (2, "low"),
        (3, "moderate"),
        (5, "moderate"),
        (6, "substantial"),
        (8, "substantial"),
    ],
)
def test_dast10_band_edges(yes: int, code: str) -> None:
    answers = same("dast10", 0) | {"3": 1}
    for item in ["1", "2", "4", "5", "6", "7", "8", "9", "10"][:yes]:
        answers[item] = 1
    assert score("dast10", answers).band_code == code


def test_dast10_scores_but_reports_licence_switched_off() -> None:
    result = score("dast10", same("dast10", 0))
    assert not result.licence.enabled
    assert any("switched off" in note for note in result.notes)
