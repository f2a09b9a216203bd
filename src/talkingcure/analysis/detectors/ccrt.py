"""``talkingcure.ccrt.v1``: relationship episodes with their wish (W), response of other (RO)
and response of self (RS), and the session's Core Conflictual Relationship Theme (Luborsky).

The work is in :mod:`talkingcure.analysis.ccrt`; this module wires it into the pipeline. Output
goes to ``state.summary["relationship_episodes"]`` and ``state.summary["ccrt"]``;
``SessionAnalysis.to_dict()`` lifts both to top-level keys. Everything is a candidate.
A transcript's ``meta.people`` (``{"Sam": "partner"}``) tells it the roles of named people.
"""

from __future__ import annotations

from typing import ClassVar

from talkingcure.analysis.ccrt.episodes import find_episodes
from talkingcure.analysis.ccrt.formulation import formulation
from talkingcure.analysis.ccrt.lexicon import clusters, people
from talkingcure.analysis.registry import register
from talkingcure.analysis.state import AnalysisState

TRANSFERENCE_LABEL = "transference"
EPISODE_LABEL = "relationship_episode"  # talkingcure.relationship_episodes.v1, when it ran


@register
class CCRTDetector:
    name: ClassVar[str] = "talkingcure.ccrt.v1"
    version: ClassVar[str] = "1.0.0"
    requires: ClassVar[tuple[str, ...]] = ("docs",)
    assigns: ClassVar[tuple[str, ...]] = ("summary:relationship_episodes", "summary:ccrt")
    candidate_labels: ClassVar[tuple[str, ...]] = ("relationship_episodes", "ccrt")

    def initialize(self) -> None:
        clusters()
        people()

    def __call__(self, state: AnalysisState) -> None:
        transference = frozenset(
            i for i, turn in enumerate(state.turns) if TRANSFERENCE_LABEL in turn.labels
        )
        labelled = frozenset(
            i for i, turn in enumerate(state.turns) if EPISODE_LABEL in turn.labels
        )
        known = state.transcript.meta.get("people")
        people_map = {str(k): str(v) for k, v in known.items()} if isinstance(known, dict) else None
        episodes = find_episodes(
            state.transcript.turns, state.docs, transference, labelled, people_map
        )
        data = [episode.to_dict() for episode in episodes]
        state.summary["relationship_episodes"] = data
        detector = f"{self.name} ({self.version})"
        state.summary["ccrt"] = formulation(data, detector)
