"""Small helpers for the client-detector tests: run one detector on a hand-built exchange."""

from __future__ import annotations

from talkingcure.analysis.state import AnalysisState
from tests.analysis.gold_runner import run_record


def run_turn(detector: str, text: str, context: list[list[str]] | None = None) -> AnalysisState:
    """Run spaCy and ``detector`` on ``context`` + a client turn ``text``."""
    record = {
        "id": "case",
        "label": "",
        "expected": True,
        "context": context or [],
        "speaker": "Client",
        "text": text,
    }
    return run_record(record, detector)


def assert_exact_evidence(state: AnalysisState, label: str) -> None:
    """Every evidence span of ``label`` on the last turn quotes exactly its characters."""
    turn = len(state.turns) - 1
    text = state.transcript.turns[turn].text
    evidence = state.turns[turn].evidence[label]
    assert evidence
    for item in evidence:
        assert item.turn == turn
        assert text[item.start : item.end] == item.quote
