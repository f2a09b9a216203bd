"""talkingcure.insight.v1: a new understanding of self or pattern."""

from __future__ import annotations

from tests.analysis.detector_cases import assert_exact_evidence, run_turn
from tests.analysis.gold_runner import score_gold

DETECTOR = "talkingcure.insight.v1"


def test_pattern_across_people() -> None:
    text = "Hm. I think I do that with everyone, I push them away before they can leave."
    state = run_turn(DETECTOR, text, [["Therapist", "You did the same with your partner."]])
    assert "insight" in state.turns[-1].labels
    assert_exact_evidence(state, "insight")
    assert [f.kind for f in state.findings] == ["insight_moment"]


def test_realising_something_that_is_not_about_self() -> None:
    state = run_turn(DETECTOR, "I never realised the shop closed so early on Sundays.")
    assert "insight" not in state.turns[-1].labels


def test_maybe_thats_why_about_the_train() -> None:
    state = run_turn(DETECTOR, "Maybe that's why the train was late, there was a signal fault.")
    assert "insight" not in state.turns[-1].labels


def test_gold_set_precision_and_recall() -> None:
    score = score_gold("insight", DETECTOR)["insight"]
    assert score.recall >= 0.85, score.misses
    assert score.precision >= 0.85, score.false_alarms
