"""Where a client turn sits: the therapist turn just before it, and that turn's labels."""

from __future__ import annotations

from talkingcure.analysis.state import AnalysisState


def previous_therapist_turn(state: AnalysisState, turn: int) -> int | None:
    """Index of the therapist turn directly before ``turn`` (skipping nothing), or None."""
    if turn == 0:
        return None
    previous = state.transcript.turns[turn - 1]
    return previous.index if previous.is_therapist else None


def has_label(state: AnalysisState, turn: int, labels: tuple[str, ...]) -> str | None:
    """The first of ``labels`` that ``turn`` carries, or None."""
    assigned = state.turns[turn].labels
    return next((label for label in labels if label in assigned), None)
