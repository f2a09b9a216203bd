"""Shared helpers for the trigger tests: one small engine per process, transcripts by hand."""

from __future__ import annotations

from functools import cache
from typing import Any

from talkingcure.analysis.pipeline import Engine
from talkingcure.analysis.transcript import Transcript, Turn

PIPELINE = [
    "talkingcure.spacy.v1",
    "talkingcure.emotions.v1",
    "talkingcure.risk.v1",
    "talkingcure.triggers.v1",
]


@cache
def engine() -> Engine:
    return Engine(pipeline=PIPELINE)


def transcript(*turns: str, meta: dict[str, object] | None = None) -> Transcript:
    """Turns alternate Therapist / Client, starting with the therapist."""
    built = tuple(
        Turn(
            index=i,
            speaker="Therapist" if i % 2 == 0 else "Client",
            role="therapist" if i % 2 == 0 else "client",
            text=text,
        )
        for i, text in enumerate(turns)
    )
    return Transcript(turns=built, source="synthetic-test", meta=dict(meta or {}))


def analyse(*turns: str, meta: dict[str, object] | None = None) -> dict[str, Any]:
    result: dict[str, Any] = engine().analyze(transcript(*turns, meta=meta)).to_dict()
    return result


def triggers(*turns: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = analyse(*turns)["summary"]["triggers"]
    return found


def coping(*turns: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = analyse(*turns)["summary"]["coping"]
    return found
