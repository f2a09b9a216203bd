"""Hand-built components for tests of the pipeline runner and the summary (no models)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, ClassVar

from talkingcure.analysis.findings import Finding
from talkingcure.analysis.registry import REGISTRY
from talkingcure.analysis.state import AnalysisState
from talkingcure.analysis.transcript import Transcript, Turn


class LabelByKeyword:
    """Assigns ``label`` to every turn of ``role`` containing ``keyword`` (a test stand-in)."""

    name: ClassVar[str] = "test.keywords.v1"
    version: ClassVar[str] = "9.9.9"
    requires: ClassVar[tuple[str, ...]] = ()
    assigns: ClassVar[tuple[str, ...]] = (
        "label:question",
        "label:question.open",
        "label:question.closed",
        "label:exploration.emotion",
        "label:exploration.past",
        "label:never.seen",
        "finding:episode",
        "finding:never_found",
    )
    candidate_labels: ClassVar[tuple[str, ...]] = ("episode", "exploration.past")
    initialized: ClassVar[int] = 0

    RULES: ClassVar[dict[str, str]] = {
        "?": "question",
        "How": "question.open",
        "Did": "question.closed",
        "feel": "exploration.emotion",
        "child": "exploration.past",
    }

    def __init__(self, **options: Any) -> None:
        self.options = options

    def initialize(self) -> None:
        type(self).initialized += 1

    def __call__(self, state: AnalysisState) -> None:
        for turn in state.transcript.turns:
            for keyword, label in self.RULES.items():
                if turn.is_therapist and keyword in turn.text:
                    start = turn.text.index(keyword)
                    span = state.evidence_span(turn.index, start, start + len(keyword))
                    state.add_label(turn.index, label, 0.9, [span])
        first = state.evidence_span(0)
        state.add_finding(
            Finding(
                kind="episode",
                turns=(0,),
                score=0.5,
                detector=self.name,
                evidence=(first,),
                explanation="test finding",
            )
        )


class Emotions:
    name: ClassVar[str] = "test.emotions.v1"
    version: ClassVar[str] = "0.1"
    requires: ClassVar[tuple[str, ...]] = ()
    assigns: ClassVar[tuple[str, ...]] = ("emotions",)
    candidate_labels: ClassVar[tuple[str, ...]] = ()

    def initialize(self) -> None:
        """Nothing to load."""

    def __call__(self, state: AnalysisState) -> None:
        for turn in state.transcript.turns:
            if turn.is_client:
                sad = 0.8 if "sad" in turn.text else 0.1
                state.turns[turn.index].emotions = {"sadness": sad, "joy": 1 - sad}


class Broken:
    name: ClassVar[str] = "test.broken.v1"
    version: ClassVar[str] = "0.0"
    requires: ClassVar[tuple[str, ...]] = ()
    assigns: ClassVar[tuple[str, ...]] = ()
    candidate_labels: ClassVar[tuple[str, ...]] = ()

    def initialize(self) -> None:
        """Nothing to load."""

    def __call__(self, state: AnalysisState) -> None:
        raise ZeroDivisionError("boom")


@contextmanager
def registered(*classes: type) -> Iterator[None]:
    """Register test components for the duration of a test, then remove them."""
    for cls in classes:
        REGISTRY[cls.name] = cls  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for cls in classes:
            REGISTRY.pop(cls.name, None)  # type: ignore[attr-defined]


def transcript(timed: bool = False) -> Transcript:
    lines = [
        ("Therapist", "therapist", "How did you feel when she left?"),
        ("Client", "client", "Sad. Really sad and alone."),
        ("Therapist", "therapist", "Did that happen when you were a child too?"),
        ("Client", "client", "Yes, it was the same. I was glad when it was over though."),
        ("Therapist", "therapist", "We will stop there for today."),
    ]
    turns = tuple(
        Turn(
            index=i,
            speaker=speaker,
            role=role,  # type: ignore[arg-type]
            text=text,
            start=float(i * 10) if timed else None,
            end=float(i * 10 + (4 if role == "therapist" else 8)) if timed else None,
        )
        for i, (speaker, role, text) in enumerate(lines)
    )
    return Transcript(turns=turns, source="test.txt")
