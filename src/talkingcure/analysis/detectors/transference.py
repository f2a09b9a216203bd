"""``talkingcure.transference.v1``: the client speaks about or to the therapist, or the therapy,
with feeling ("you probably think I'm pathetic", "I was angry with you after last week").

Phrase rules in ``data/transference.toml``; a sentence whose "you" is generic ("when you're
depressed you ...") is skipped. After a therapist turn labelled ``interpretation.transference``
(or one that asks about the relationship "with me" / "to me"), a client turn that names a feeling
counts too. Every labelled turn is also a ``transference_moment`` finding.
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

LABEL = "transference"
RELATIONSHIP_QUESTION = re.compile(
    r"\b(?:to|with|about) me\b|\bin here\b|\bbetween us\b|\bour (?:work|relationship|sessions?)\b",
    re.IGNORECASE,
)

_DATA: tuple[tuple[Rule, ...], tuple[Rule, ...], tuple[str, ...]] | None = None


def _load() -> tuple[tuple[Rule, ...], tuple[Rule, ...], tuple[str, ...]]:
    global _DATA
    if _DATA is None:
        data = load_data("transference.toml")
        _DATA = (
            tuple(rules_from(data, "rule")),
            tuple(rules_from(data, "generic")),
            tuple(data.get("therapist_turn_labels", [])),
        )
    return _DATA


@register
class TransferenceDetector:
    name: ClassVar[str] = "talkingcure.transference.v1"
    version: ClassVar[str] = "1.1.0"
    requires: ClassVar[tuple[str, ...]] = ("docs",)
    assigns: ClassVar[tuple[str, ...]] = (f"label:{LABEL}", "finding:transference_moment")
    candidate_labels: ClassVar[tuple[str, ...]] = (LABEL, "transference_moment")

    def initialize(self) -> None:
        _load()

    def __call__(self, state: AnalysisState) -> None:
        for turn in state.transcript.turns:
            if not turn.is_client:
                continue
            evidence, score = _evidence(state, turn.index)
            if evidence:
                state.add_label(turn.index, LABEL, score, evidence)
                state.add_finding(_moment(state, turn.index, evidence, score))


def _evidence(state: AnalysisState, index: int) -> tuple[list[Evidence], float]:
    rules, generic, _ = _load()
    text = state.transcript.turns[index].text
    generic_spans = [_sentence_of(text, m) for m in find_matches(generic, text)]
    matches = [
        m
        for m in find_matches(rules, text)
        if not any(start <= m.start < end for start, end in generic_spans)
    ]
    if matches:
        spans = sorted({(m.start, m.end) for m in matches})
        return [state.evidence_span(index, s, e) for s, e in spans], max(
            m.rule.score for m in matches
        )
    if _after_relationship_prompt(state, index):
        feelings = feeling_matches(text)
        if feelings:
            return [state.evidence_span(index, feelings[0].start, feelings[0].end)], 0.6
    return [], 0.0


def _sentence_of(text: str, match: RuleMatch) -> tuple[int, int]:
    start = max(text.rfind(stop, 0, match.start) for stop in ".!?") + 1
    ends = [i for i in (text.find(stop, match.end) for stop in ".!?") if i >= 0]
    return start, (min(ends) if ends else len(text))


def _after_relationship_prompt(state: AnalysisState, index: int) -> bool:
    _, _, labels = _load()
    previous = previous_therapist_turn(state, index)
    if previous is None:
        return False
    if has_label(state, previous, labels):
        return True
    return bool(RELATIONSHIP_QUESTION.search(state.transcript.turns[previous].text))


def _moment(state: AnalysisState, index: int, evidence: list[Evidence], score: float) -> Finding:
    previous = previous_therapist_turn(state, index)
    turns = (
        (previous, index)
        if previous is not None and _after_relationship_prompt(state, index)
        else (index,)
    )
    quotes = "; ".join(f'"{e.quote}"' for e in evidence)
    return Finding(
        kind="transference_moment",
        turns=turns,
        score=score,
        detector=TransferenceDetector.name,
        evidence=tuple(evidence),
        explanation=(
            f"The client speaks to or about the therapist or the therapy with feeling: {quotes}."
        ),
        candidate=True,
    )


__all__ = ["TransferenceDetector"]
