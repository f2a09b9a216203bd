"""talkingcure.avoidance.v1: deflection after an invitation to feel."""

from __future__ import annotations

from tests.analysis.detector_cases import assert_exact_evidence, run_turn
from tests.analysis.gold_runner import score_gold

DETECTOR = "talkingcure.avoidance.v1"
INVITE = [["Therapist", "How did you feel when she said that?"]]


def test_dont_know_and_change_of_subject_after_invitation() -> None:
    state = run_turn(DETECTOR, "I don't know. Anyway, work has been really busy.", INVITE)
    assert "avoidance" in state.turns[-1].labels
    assert_exact_evidence(state, "avoidance")
    sequences = [f for f in state.findings if f.kind == "avoidance_sequence"]
    assert len(sequences) == 1 and sequences[0].turns == (0, 1) and sequences[0].candidate


def test_silent_when_the_client_answers_with_feeling() -> None:
    state = run_turn(
        DETECTOR, "I don't know... I think I'm scared that he doesn't love me.", INVITE
    )
    assert "avoidance" not in state.turns[-1].labels
    assert state.findings == []


def test_minimising_without_invitation_is_not_avoidance() -> None:
    context = [["Therapist", "How has the week been?"]]
    state = run_turn(DETECTOR, "It's fine, the new flat is fine, we've settled in well.", context)
    assert "avoidance" not in state.turns[-1].labels


def test_explicit_refusal_counts_without_invitation() -> None:
    context = [["Therapist", "How has the week been?"]]
    state = run_turn(DETECTOR, "Let's not talk about that, it's boring.", context)
    assert "avoidance" in state.turns[-1].labels


def test_gold_set_precision_and_recall() -> None:
    score = score_gold("avoidance", DETECTOR)["avoidance"]
    assert score.recall >= 0.85, score.misses
    assert score.precision >= 0.85, score.false_alarms
