"""What the engine says about a session: labels per turn, findings across turns, evidence."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Evidence:
    """A character span in one turn that supports a label or finding."""

    turn: int
    start: int
    end: int
    quote: str


@dataclass(frozen=True, slots=True)
class Finding:
    """A construct observed over one or more turns (catharsis, risk flag, avoidance ...)."""

    kind: str
    turns: tuple[int, ...]
    score: float
    detector: str
    evidence: tuple[Evidence, ...]
    explanation: str
    candidate: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["turns"] = list(self.turns)
        data["evidence"] = [asdict(e) for e in self.evidence]
        extra = data.pop("extra")
        data.update(extra)
        return data
