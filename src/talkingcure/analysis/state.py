"""The mutable working state that detectors read from and write to during one analysis."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from talkingcure.analysis.findings import Evidence, Finding
from talkingcure.analysis.transcript import Transcript


@dataclass
class TurnState:
    labels: dict[str, float] = field(default_factory=dict)
    evidence: dict[str, list[Evidence]] = field(default_factory=dict)
    emotions: dict[str, float] = field(default_factory=dict)
    intensity: float | None = None


@dataclass
class AnalysisState:
    """Everything known about a transcript so far.

    ``docs`` holds one spaCy ``Doc`` per turn once the ``talkingcure.spacy.v1`` component ran.
    Detectors add labels with :meth:`add_label` and findings with :meth:`add_finding`.
    """

    transcript: Transcript
    docs: list[Any] = field(default_factory=list)
    turns: list[TurnState] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)
    # detector name -> version, for every component that ran
    ran: dict[str, str] = field(default_factory=dict)
    candidates: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        if not self.turns:
            self.turns = [TurnState() for _ in self.transcript.turns]

    def add_label(
        self, turn: int, label: str, score: float, evidence: list[Evidence] | None = None
    ) -> None:
        """Assign ``label`` to ``turn``; keeps the higher score if already assigned."""
        state = self.turns[turn]
        rounded = round(float(score), 4)
        if rounded > state.labels.get(label, -1.0):
            state.labels[label] = rounded
        if evidence:
            state.evidence.setdefault(label, []).extend(evidence)

    def add_finding(self, finding: Finding) -> None:
        self.findings.append(finding)

    def evidence_span(self, turn: int, start: int = 0, end: int | None = None) -> Evidence:
        """Evidence for characters ``start:end`` of ``turn`` (the whole turn by default)."""
        text = self.transcript.turns[turn].text
        stop = len(text) if end is None else end
        return Evidence(turn=turn, start=start, end=stop, quote=text[start:stop])
