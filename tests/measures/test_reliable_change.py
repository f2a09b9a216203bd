"""Jacobson-Truax reliable change and clinically significant change, checked against figures
computed by hand here.

PHQ-9 / GAD-7: published thresholds of the NHS Talking Therapies Manual (6 and 4 points;
caseness 10 and 8). CORE-10: SD 7.7 and alpha .90 (Barkham et al. 2013, via the fact sheet):
S_diff = sqrt(2) x 7.7 x sqrt(0.10) = 1.414214 x 7.7 x 0.316228 = 3.44354;
1.96 x S_diff = 6.7493.
"""

from __future__ import annotations

from typing import Any

import pytest

from talkingcure.measures import ScoringError, jacobson_truax_cutoffs, reliable_change, score

from .helpers import same


@pytest.mark.parametrize(
    ("before", "after", "label", "significant"),
    [
        (18, 11, "improved", False),  # -7: reliable, still >= 10
        (14, 8, "recovered", True),  # -6: reliable, 14 >= 10 > 8
        (12, 7, "unchanged", False),  # -5: below the 6-point threshold though it crosses 10
        (8, 15, "deteriorated", True),  # +7: reliable, into the clinical range
        (20, 26, "deteriorated", False),  # +6: reliable, was already clinical
        (6, 1, "unchanged", False),
    ],
)
def test_phq9_published_threshold(before: int, after: int, label: str, significant: bool) -> None:
    result = reliable_change("phq9", before, after)
    assert result.label == label
    assert result.clinically_significant is significant
    assert result.min_reliable_change == 6
    assert result.rci is None


def test_gad7_recovery() -> None:
    result = reliable_change("gad7", 10, 6)  # -4 reliable; 10 >= 8 > 6
    assert result.label == "recovered"
    assert result.crossed_cutoff == "into non-clinical range"
    assert reliable_change("gad7", 10, 7).label == "unchanged"  # -3


def test_core10_rci_by_hand() -> None:
    s_diff = 1.414214 * 7.7 * 0.316228  # 3.44354
    result = reliable_change("core10", 20, 13)
    assert result.rci == pytest.approx(-7 / s_diff, abs=1e-4)  # -2.0328
    assert result.min_reliable_change == pytest.approx(1.96 * s_diff, abs=1e-3)  # 6.749
    assert result.label == "improved"  # 13 is still >= 11
    assert reliable_change("core10", 20, 14).label == "unchanged"  # RCI -1.742
    assert reliable_change("core10", 15, 8).label == "recovered"  # RCI -2.033, 15 -> 8 crosses 11
    assert reliable_change("core10", 9, 16).label == "deteriorated"


def test_core10_cutoffs_by_hand() -> None:
    cut = jacobson_truax_cutoffs(19.7, 7.7, 4.7, 4.8)
    assert cut.a == pytest.approx(4.3)  # 19.7 - 2 x 7.7
    assert cut.b == pytest.approx(14.3)  # 4.7 + 2 x 4.8
    assert cut.c == pytest.approx(10.46)  # (7.7 x 4.7 + 4.8 x 19.7) / 12.5 = 130.75 / 12.5


def test_pcl5_uses_conservative_unconfirmed_threshold() -> None:
    result = reliable_change("pcl5", 50, 41)
    assert result.label == "unchanged"
    assert not result.confirmed
    assert reliable_change("pcl5", 50, 30).label == "recovered"


@pytest.mark.parametrize("instrument", ["k10", "audit", "scoff", "pid5bf", "asq", "wai_sr"])
def test_not_available_is_said_not_invented(instrument: str) -> None:
    result = reliable_change(instrument, 20, 10)
    assert not result.available
    assert result.label == "not available"
    assert "reliable change not available" in result.explanation


def test_accepts_score_objects() -> None:
    before = score("phq9", same("phq9", 2))  # 18
    after = score("phq9", same("phq9", 1))  # 9
    result = reliable_change("phq9", before, after)
    assert result.change == -9
    assert result.label == "recovered"


def test_score_of_another_instrument_is_refused() -> None:
    with pytest.raises(ScoringError):
        reliable_change("phq9", score("gad7", same("gad7", 1)), 3)


@pytest.mark.parametrize("bad", [float("nan"), "7", None, True])
def test_non_numbers_are_refused(bad: Any) -> None:
    with pytest.raises(ScoringError):
        reliable_change("phq9", bad, 3)


def test_explanation_and_sources_are_given() -> None:
    result = reliable_change("core10", 20, 13)
    assert "Barkham" in " ".join(result.sources)
    assert "RCI" in result.explanation
