"""talkingcure.free_association.v1: long, loosely connected, self-directed client speech."""

from __future__ import annotations

from tests.analysis.detector_cases import run_turn
from tests.analysis.gold_runner import load_gold, score_gold

DETECTOR = "talkingcure.free_association.v1"
LABEL = "free_association"


def _gold_text(expected: bool) -> str:
    return next(r["text"] for r in load_gold("free_association") if r["expected"] is expected)


def test_loose_long_turn_after_invitation() -> None:
    invite = [["Therapist", "Just say whatever comes to mind."]]
    state = run_turn(DETECTOR, _gold_text(True), invite)
    assert LABEL in state.turns[-1].labels
    assert [f.kind for f in state.findings] == ["free_association_stretch"]


def test_long_focused_turn_is_not_free_association() -> None:
    state = run_turn(DETECTOR, _gold_text(False), [["Therapist", "How has the week been?"]])
    assert LABEL not in state.turns[-1].labels


def test_a_stretch_spans_short_therapist_interruptions() -> None:
    loose = [r["text"] for r in load_gold("free_association") if r["expected"]]
    context = [
        ["Therapist", "Say whatever comes to mind."],
        ["Client", loose[0]],
        ["Therapist", "Mm."],
    ]
    state = run_turn(DETECTOR, loose[1], context)
    stretches = [f for f in state.findings if f.kind == "free_association_stretch"]
    assert len(stretches) == 1 and stretches[0].turns == (1, 2, 3)


def test_gold_set_precision_and_recall() -> None:
    score = score_gold("free_association", DETECTOR)[LABEL]
    assert score.recall >= 0.85, score.misses
    assert score.precision >= 0.85, score.false_alarms
