"""talkingcure.transference.v1: feeling toward the therapist or the therapy."""

from __future__ import annotations

from tests.analysis.detector_cases import assert_exact_evidence, run_turn
from tests.analysis.gold_runner import score_gold

DETECTOR = "talkingcure.transference.v1"
WEEK = [["Therapist", "How has the week been?"]]


def test_anger_at_the_therapist() -> None:
    state = run_turn(DETECTOR, "I was angry with you after last week.", WEEK)
    assert "transference" in state.turns[-1].labels
    assert_exact_evidence(state, "transference")
    assert [f.kind for f in state.findings] == ["transference_moment"]


def test_the_same_words_about_someone_else() -> None:
    state = run_turn(DETECTOR, "I was angry with my boss after last week's meeting.", WEEK)
    assert "transference" not in state.turns[-1].labels


def test_generic_you_is_not_the_therapist() -> None:
    text = "When you're depressed you just can't get out of bed."
    assert "transference" not in run_turn(DETECTOR, text, WEEK).turns[-1].labels


def test_feeling_after_a_question_about_the_relationship() -> None:
    context = [["Therapist", "What's it like to say that to me?"]]
    state = run_turn(DETECTOR, "Scary, honestly.", context)
    assert "transference" in state.turns[-1].labels
    assert state.findings[0].turns == (0, 1)


def test_gold_set_precision_and_recall() -> None:
    score = score_gold("transference", DETECTOR)["transference"]
    assert score.recall >= 0.85, score.misses
    assert score.precision >= 0.85, score.false_alarms
