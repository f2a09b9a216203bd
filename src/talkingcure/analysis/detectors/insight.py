"""``talkingcure.insight.v1``: the client voices a new understanding of self or of a pattern
("I think I do that with everyone", "maybe that's why I panic").

A cue phrase (``data/insight.toml``) counts when the rest of its sentence is about the client (or
the cue itself says so: ``self_in_cue``, "I hadn't connected ...") and carries a pattern or
psychological marker. Each labelled turn is an ``insight_moment`` finding
(with the therapist turn before it when that turn was an interpretation).
"""

from __future__ import annotations

from typing import ClassVar

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

LABEL = "insight"
INTERPRETATIONS = ("interpretation", "interpretation.transference")

_RULES: dict[str, tuple[Rule, ...]] | None = None


def _load() -> dict[str, tuple[Rule, ...]]:
    global _RULES
    if _RULES is None:
        data = load_data("insight.toml")
        tables = ("cue", "marker", "self", "negation")
        _RULES = {table: tuple(rules_from(data, table, default_label=LABEL)) for table in tables}
    return _RULES


@register
class InsightDetector:
    name: ClassVar[str] = "talkingcure.insight.v1"
    version: ClassVar[str] = "1.1.0"
    requires: ClassVar[tuple[str, ...]] = ("docs",)
    assigns: ClassVar[tuple[str, ...]] = (f"label:{LABEL}", "finding:insight_moment")
    candidate_labels: ClassVar[tuple[str, ...]] = (LABEL, "insight_moment")

    def initialize(self) -> None:
        _load()

    def __call__(self, state: AnalysisState) -> None:
        for turn in state.transcript.turns:
            if not turn.is_client:
                continue
            matches = insight_matches(turn.text)
            if not matches:
                continue
            evidence = [state.evidence_span(turn.index, m.start, m.end) for m in matches]
            score = max(m.rule.score for m in matches)
            state.add_label(turn.index, LABEL, score, evidence)
            state.add_finding(_moment(state, turn.index, evidence, score))


def insight_matches(text: str) -> list[RuleMatch]:
    """Cue matches whose sentence is about the client (after the cue) and has a marker."""
    rules = _load()
    if any(True for _ in find_matches(rules["negation"], text)):
        return []
    kept = []
    for match in find_matches(rules["cue"], text):
        start, end = _sentence(text, match.start, match.end)
        rest = text[match.end : end]
        sentence = text[start : match.start] + " " + rest
        cue_is_own = match.rule.get("self_in_cue", False)
        cue_ends_in_i = text[match.start : match.end].lower().endswith(" i")
        about_self = (
            cue_is_own or cue_ends_in_i or any(True for _ in find_matches(rules["self"], rest))
        )
        marked = any(True for _ in find_matches(rules["marker"], sentence))
        if match.rule.get("strong", False) or (about_self and marked):
            kept.append(RuleMatch(match.rule, start, end))
    return list({(m.start, m.end): m for m in kept}.values())


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    begin = max(text.rfind(stop, 0, start) for stop in ".!?") + 1
    while begin < start and text[begin].isspace():
        begin += 1
    stops = [i for i in (text.find(stop, end) for stop in ".!?") if i >= 0]
    return begin, (min(stops) + 1 if stops else len(text))


def _moment(state: AnalysisState, index: int, evidence: list[Evidence], score: float) -> Finding:
    previous = previous_therapist_turn(state, index)
    linked = previous is not None and has_label(state, previous, INTERPRETATIONS) is not None
    turns = (previous, index) if linked and previous is not None else (index,)
    quotes = "; ".join(f'"{e.quote}"' for e in evidence)
    after = " after an interpretation" if linked else ""
    return Finding(
        kind="insight_moment",
        turns=turns,
        score=score,
        detector=InsightDetector.name,
        evidence=tuple(evidence),
        explanation=f"The client voices a new understanding of self or pattern{after}: {quotes}.",
        candidate=True,
    )
