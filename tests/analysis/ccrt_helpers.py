"""Run the CCRT component on hand-written (synthetic) exchanges."""

from __future__ import annotations

from typing import Any

from talkingcure.analysis.pipeline import Engine, SessionAnalysis
from talkingcure.analysis.transcript import Transcript, Turn

PIPELINE = ["talkingcure.spacy.v1", "talkingcure.transference.v1", "talkingcure.ccrt.v1"]
_ENGINE: Engine | None = None


def engine() -> Engine:
    global _ENGINE
    if _ENGINE is None:
        _ENGINE = Engine(pipeline=PIPELINE)
    return _ENGINE


def transcript(*lines: tuple[str, str], meta: dict[str, object] | None = None) -> Transcript:
    """Turns from (role, text) pairs; role is "T" (therapist) or "C" (client)."""
    turns = tuple(
        Turn(
            index=i,
            speaker="Therapist" if role == "T" else "Client",
            role="therapist" if role == "T" else "client",
            text=text,
        )
        for i, (role, text) in enumerate(lines)
    )
    return Transcript(turns=turns, meta=dict(meta or {}))


def analyse(*lines: tuple[str, str], meta: dict[str, object] | None = None) -> SessionAnalysis:
    return engine().analyze(transcript(*lines, meta=meta))


def episodes(*lines: tuple[str, str]) -> list[dict[str, Any]]:
    return list(analyse(*lines).state.summary["relationship_episodes"])


def clusters_of(episode: dict[str, Any], kind: str) -> set[str]:
    return {c["cluster"] for c in episode["components"] if c["kind"] == kind}
