"""The transcript a session analysis reads: speakers' turns in order, with optional times."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Role = Literal["therapist", "client", "other"]


@dataclass(frozen=True, slots=True)
class Event:
    """A non-verbal note inside a turn, such as ``[crying]`` or ``(long pause)``.

    ``start`` and ``end`` are character offsets into the turn's ``text``.
    """

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Turn:
    index: int
    speaker: str
    role: Role
    text: str
    start: float | None = None
    end: float | None = None
    events: tuple[Event, ...] = ()
    line: int | None = None  # 1-based line in the source file where the turn starts

    @property
    def is_client(self) -> bool:
        return self.role == "client"

    @property
    def is_therapist(self) -> bool:
        return self.role == "therapist"


@dataclass(frozen=True, slots=True)
class Transcript:
    turns: tuple[Turn, ...]
    source: str = "<memory>"
    meta: dict[str, object] = field(default_factory=dict)
    # How speaker roles were decided, e.g. "by name" or
    # "inferred: 'Anna' asks most questions, so is taken as the therapist".
    role_note: str = "by name"
    warnings: tuple[str, ...] = ()
