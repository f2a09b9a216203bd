"""talkingcure.defenses.v1: candidate DMRS defence levels from cue phrases."""

from __future__ import annotations

import pytest

from talkingcure.analysis.detectors.defenses import LEVELS, dominant_level
from talkingcure.analysis.registry import REGISTRY
from tests.analysis.detector_cases import assert_exact_evidence, run_turn
from tests.analysis.gold_runner import score_gold

DETECTOR = "talkingcure.defenses.v1"

CASES = [
    ("defense.action", "I've tried everything and nothing works.", "I tried the new recipe."),
    ("defense.major_image_distorting", "She's completely evil.", "The villain was evil."),
    ("defense.disavowal", "It's not my fault, I had no choice.", "It was my fault."),
    ("defense.minor_image_distorting", "My manager is useless.", "My manager is away."),
    ("defense.neurotic", "I took it out on my kids.", "I took the kids out."),
    ("defense.obsessional", "I felt nothing, it's just a fact.", "I felt sad about it."),
    ("defense.high_adaptive", "I reached out to my sister.", "I reached the station."),
]


@pytest.mark.parametrize(("label", "positive", "negative"), CASES)
def test_level_fires_and_stays_silent(label: str, positive: str, negative: str) -> None:
    state = run_turn(DETECTOR, positive)
    assert label in state.turns[-1].labels
    assert_exact_evidence(state, label)
    assert label not in run_turn(DETECTOR, negative).turns[-1].labels


def test_all_levels_are_candidates() -> None:
    assert set(REGISTRY[DETECTOR].candidate_labels) == set(LEVELS)


def test_dominant_level_is_none_without_a_cue() -> None:
    assert dominant_level("Ok how much time do you spend on that?") is None


def test_gold_set_recall() -> None:
    for label, score in score_gold("defenses", DETECTOR).items():
        assert score.recall >= 0.85, (label, score.misses)
        assert score.precision >= 0.85, (label, score.false_alarms)
