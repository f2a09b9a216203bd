"""``talkingcure.avoidance.v1``: the client deflects, minimises, changes the subject or
intellectualises, most often right after the therapist invites feeling.

Rules are data (``data/avoidance.toml``). A rule marked ``needs_invitation`` counts only when the
therapist turn just before carries an invitation to feel (the labels ``exploration.emotion``,
``reflection.feeling`` ... when the therapist detectors ran; else a small fallback lexicon).
A turn that goes on to name a feeling ("it wasn't a big deal, but later I cried") is not
avoidance. Each invitation followed by a deflection is also an ``avoidance_sequence`` finding.
"""

from __future__ import annotations

import re
from typing import ClassVar

from talkingcure.analysis.detectors.feelings import feeling_matches
from talkingcure.analysis.detectors.phrase_rules import (
    Rule,
    RuleMatch,
    find_matches,
    load_data,
    rules_from,
)
from talkingcure.analysis.detectors.turn_context import has_label, previous_therapist_turn
from talkingcure.analysis.findings import Evidence, Finding
from talkingcure.analysis.registry import register
from talkingcure.analysis.state import AnalysisState

LABEL = "avoidance"

_DATA: tuple[tuple[Rule, ...], tuple[Rule, ...], tuple[str, ...]] | None = None


def _load() -> tuple[tuple[Rule, ...], tuple[Rule, ...], tuple[str, ...]]:
    global _DATA
    if _DATA is None:
        data = load_data("avoidance.toml")
        _DATA = (
            tuple(rules_from(data, "rule")),
            tuple(rules_from(data, "invitation")),
            tuple(data.get("invitation_labels", [])),
        )
    return _DATA


@register
class AvoidanceDetector:
    name: ClassVar[str] = "talkingcure.avoidance.v1"
    version: ClassVar[str] = "1.0.0"
    requires: ClassVar[tuple[str, ...]] = ("docs",)
    assigns: ClassVar[tuple[str, ...]] = (f"label:{LABEL}", "finding:avoidance_sequence")
    candidate_labels: ClassVar[tuple[str, ...]] = (LABEL, "avoidance_sequence")

    def initialize(self) -> None:
        _load()

    def __call__(self, state: AnalysisState) -> None:
        for turn in state.transcript.turns:
            if turn.is_client:
                self._turn(state, turn.index)

    def _turn(self, state: AnalysisState, index: int) -> None:
        rules, _, _ = _load()
        text = state.transcript.turns[index].text
        invitation = _invitation(state, index)
        matches = [
            m
            for m in find_matches(rules, text)
            if invitation is not None or not m.rule.get("needs_invitation", True)
        ]
        explicit = [m for m in matches if not m.rule.get("needs_invitation", True)]
        if not matches or (feeling_matches(text) and not explicit):
            return
        evidence = [state.evidence_span(index, m.start, m.end) for m in _first_per_rule(matches)]
        score = max(m.rule.score for m in matches)
        state.add_label(index, LABEL, score, evidence)
        if invitation is not None:
            state.add_finding(_sequence(invitation, evidence, score))


def _invitation(state: AnalysisState, index: int) -> Evidence | None:
    """Evidence for a therapist invitation to feel in the turn just before ``index``."""
    _, invitations, labels = _load()
    previous = previous_therapist_turn(state, index)
    if previous is None:
        return None
    if has_label(state, previous, labels):
        return state.evidence_span(previous)
    text = state.transcript.turns[previous].text
    found = next(iter(find_matches(invitations, text)), None)
    return state.evidence_span(previous, found.start, found.end) if found else None


def _first_per_rule(matches: list[RuleMatch]) -> list[RuleMatch]:
    seen: dict[str, RuleMatch] = {}
    for match in sorted(matches, key=lambda m: m.start):
        seen.setdefault(match.rule.id, match)
    return sorted(seen.values(), key=lambda m: m.start)


def _sequence(invitation: Evidence, evidence: list[Evidence], score: float) -> Finding:
    quotes = "; ".join(f'"{e.quote}"' for e in evidence)
    return Finding(
        kind="avoidance_sequence",
        turns=(invitation.turn, evidence[0].turn),
        score=score,
        detector=AvoidanceDetector.name,
        evidence=(invitation, *evidence),
        explanation=(
            f'Therapist invites feeling ("{_clip(invitation.quote)}"); '
            f"the client deflects: {quotes}."
        ),
        candidate=True,
    )


def _clip(text: str, limit: int = 80) -> str:
    text = re.sub(r"\s+", " ", text)
    return text if len(text) <= limit else text[: limit - 3] + "..."
