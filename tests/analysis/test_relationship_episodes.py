"""talkingcure.relationship_episodes.v1: an interaction with a specific other person."""

from __future__ import annotations

from tests.analysis.detector_cases import assert_exact_evidence, run_turn
from tests.analysis.gold_runner import score_gold

DETECTOR = "talkingcure.relationship_episodes.v1"
LABEL = "relationship_episode"


def test_mother_phoned_and_said() -> None:
    state = run_turn(DETECTOR, "My mother phoned on Sunday and told me I'd put on weight.")
    assert LABEL in state.turns[-1].labels
    assert_exact_evidence(state, LABEL)


def test_a_fact_about_the_mother_is_not_an_episode() -> None:
    state = run_turn(DETECTOR, "My mother is sixty-two and lives in Leeds.")
    assert LABEL not in state.turns[-1].labels


def test_a_generalisation_is_not_an_episode() -> None:
    assert LABEL not in run_turn(DETECTOR, "People always let you down.").turns[-1].labels


def test_gold_set_precision_and_recall() -> None:
    score = score_gold("relationship_episodes", DETECTOR)[LABEL]
    assert score.recall >= 0.85, score.misses
    assert score.precision >= 0.85, score.false_alarms
