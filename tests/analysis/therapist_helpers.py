"""Build an analysed state from (speaker, text) pairs for the therapist-turn detector tests."""

from __future__ import annotations

from talkingcure.analysis.detectors.spacy_docs import SpacyDocs
from talkingcure.analysis.detectors.therapist_acts import TherapistActs
from talkingcure.analysis.detectors.therapist_moves import TherapistMoves
from talkingcure.analysis.registry import Component
from talkingcure.analysis.state import AnalysisState
from talkingcure.analysis.transcript import Role, Transcript, Turn

ROLES: dict[str, Role] = {"T": "therapist", "C": "client"}


def analyse(
    pairs: list[tuple[str, str]], *, acts: bool = True, moves: bool = True
) -> AnalysisState:
    """Run spaCy, therapist_acts (optional) and therapist_moves over ``pairs`` ("T"/"C", text)."""
    turns = tuple(
        Turn(index=i, speaker=s, role=ROLES[s], text=text) for i, (s, text) in enumerate(pairs)
    )
    state = AnalysisState(transcript=Transcript(turns=turns, source="<test>"))
    components: list[Component] = [
        SpacyDocs(),
        *([TherapistActs()] if acts else []),
        *([TherapistMoves()] if moves else []),
    ]
    for component in components:
        component.initialize()
        component(state)
    return state
