"""The data a CCRT analysis produces: people, components, relationship episodes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, cast

Kind = Literal["W", "RO", "RS"]
KINDS: tuple[Kind, ...] = ("W", "RO", "RS")

CLUSTERS: dict[str, str] = {
    "W1": "to assert self and be independent",
    "W2": "to oppose, hurt and control others",
    "W3": "to be controlled, hurt and not responsible",
    "W4": "to be distant and avoid conflicts",
    "W5": "to be close and accepting",
    "W6": "to be loved and understood",
    "W7": "to feel good and comfortable",
    "W8": "to achieve and help others",
    "RO1": "strong",
    "RO2": "controlling",
    "RO3": "upset",
    "RO4": "bad",
    "RO5": "rejecting and opposing",
    "RO6": "helpful",
    "RO7": "likes me",
    "RO8": "understanding",
    "RS1": "helpful",
    "RS2": "unreceptive",
    "RS3": "respected and accepted",
    "RS4": "opposing and hurting others",
    "RS5": "self-controlled and self-confident",
    "RS6": "helpless",
    "RS7": "disappointed and depressed",
    "RS8": "anxious and ashamed",
}

CANDIDATE_NOTE = "candidate — for the clinician to confirm or reject"


def kind_of(cluster: str) -> Kind:
    """``"RO5"`` -> ``"RO"``."""
    kind = cluster.rstrip("0123456789")
    if kind not in KINDS:
        raise ValueError(f"unknown CCRT cluster {cluster!r}")
    return cast(Kind, kind)


@dataclass(frozen=True)
class Span:
    """Characters ``start:end`` of turn ``turn``, with the quoted words."""

    turn: int
    start: int
    end: int
    quote: str

    def to_dict(self) -> dict[str, Any]:
        return {"turn": self.turn, "start": self.start, "end": self.end, "quote": self.quote}


@dataclass(frozen=True)
class Component:
    """One W, RO or RS found in an episode, scored into one cluster."""

    kind: Kind
    cluster: str
    valence: str  # "positive" or "negative"
    evidence: Span
    rule: str  # the lexicon phrase that matched
    negated: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "cluster": self.cluster,
            "cluster_name": CLUSTERS[self.cluster],
            "valence": self.valence,
            "evidence": self.evidence.to_dict(),
            "rule": self.rule,
            "negated": self.negated,
        }


@dataclass
class Episode:
    """A relationship episode: the client tells of an interaction with one other person."""

    other: str  # the person's key within the session, e.g. "mother" or "Priya"
    category: str  # mother, father, partner, child, sibling, friend, boss, therapist, self, other
    turns: list[int]
    mentions: list[Span] = field(default_factory=list)
    components: list[Component] = field(default_factory=list)
    time_frame: str = "recent"  # past, recent, in-session
    generalised: bool = False

    @property
    def start(self) -> int:
        return min(self.turns)

    @property
    def end(self) -> int:
        return max(self.turns)

    def kinds(self) -> set[str]:
        return {c.kind for c in self.components}

    def clusters(self, kind: str | None = None) -> set[str]:
        return {c.cluster for c in self.components if kind is None or c.kind == kind}

    @property
    def completeness(self) -> float:
        """0.2 each for W, RO and RS found, for a specific other, and for a specific event."""
        score = 0.2 * len(self.kinds())
        score += 0.2 if self.category != "other" or self.other[:1].isupper() else 0.0
        score += 0.0 if self.generalised else 0.2
        return round(score, 2)

    def to_dict(self) -> dict[str, Any]:
        return {
            "other": self.other,
            "category": self.category,
            "start_turn": self.start,
            "end_turn": self.end,
            "turns": sorted(set(self.turns)),
            "time_frame": self.time_frame,
            "generalised": self.generalised,
            "completeness": self.completeness,
            "mentions": [m.to_dict() for m in self.mentions],
            "components": [c.to_dict() for c in self.components],
            "candidate": True,
        }
