"""Urgency from the person's answers and from the engine's risk detectors on their words."""

from __future__ import annotations

from typing import Any

from talkingcure.analysis.findings import Evidence
from talkingcure.analysis.transcript import Transcript, Turn
from talkingcure.engine import risk_engine

URGENT_KINDS = {"risk.suicide", "risk.self_harm", "risk.harm_to_others"}


def risk_evidence(text: str) -> list[dict[str, Any]]:
    """Risk statements in ``text``: label, score and the exact words, with their offsets."""
    if not text.strip():
        return []
    turn = Turn(index=0, speaker="Inquirer", role="client", text=text)
    analysis = risk_engine().analyze(Transcript(turns=(turn,), source="inquiry"))
    state = analysis.state.turns[0]
    found = []
    for label, score in sorted(state.labels.items()):
        if not label.startswith("risk."):
            continue
        spans = state.evidence.get(label) or [analysis.state.evidence_span(0)]
        for span in _outermost(spans):
            found.append(
                {
                    "label": label,
                    "score": score,
                    "start": span.start,
                    "end": span.end,
                    "quote": span.quote,
                }
            )
    return found


def _outermost(spans: list[Evidence]) -> list[Evidence]:
    """Drop spans inside a longer span of the same label ("cut" inside "cut myself")."""
    ordered = sorted(spans, key=lambda e: (e.start, -(e.end - e.start)))
    kept: list[Evidence] = []
    for span in ordered:
        if kept and span.start >= kept[-1].start and span.end <= kept[-1].end:
            continue
        kept.append(span)
    return kept


def is_urgent(safe_now: str, evidence: list[dict[str, Any]]) -> bool:
    """Urgent when the person is not safe (or unsure), or their words carry risk to life."""
    if safe_now in ("no", "unsure"):
        return True
    return any(item["label"] in URGENT_KINDS for item in evidence)
