"""``talkingcure.defenses.v1``: candidate defence levels of the Defense Mechanism Rating Scales
(Perry) in client turns, from cue phrases in ``data/defenses.toml`` (one entry per defence).

A defence is a function in context, which surface cues can only suggest: every label is a
candidate for the clinician to confirm. ``dominant_level`` gives one level per turn for
comparison with single-label ratings (PsyDefConv).
"""

from __future__ import annotations

from collections import defaultdict
from typing import ClassVar

from talkingcure.analysis.detectors.phrase_rules import (
    Rule,
    RuleMatch,
    find_matches,
    load_data,
    rules_from,
)
from talkingcure.analysis.registry import register
from talkingcure.analysis.state import AnalysisState

LEVELS = (
    "defense.action",
    "defense.major_image_distorting",
    "defense.disavowal",
    "defense.minor_image_distorting",
    "defense.neurotic",
    "defense.obsessional",
    "defense.high_adaptive",
)

_RULES: tuple[Rule, ...] | None = None


def _load() -> tuple[Rule, ...]:
    global _RULES
    if _RULES is None:
        _RULES = tuple(rules_from(load_data("defenses.toml"), "rule"))
    return _RULES


def level_matches(text: str) -> dict[str, list[RuleMatch]]:
    """DMRS level label -> the cue matches for it in ``text``."""
    found: dict[str, list[RuleMatch]] = defaultdict(list)
    for match in find_matches(_load(), text):
        found[match.rule.label].append(match)
    return dict(found)


def dominant_level(text: str) -> str | None:
    """The level with the highest cue score (ties: the more matches, then the less mature)."""
    found = level_matches(text)
    if not found:
        return None
    return max(
        found,
        key=lambda level: (
            max(m.rule.score for m in found[level]),
            len(found[level]),
            -LEVELS.index(level),
        ),
    )


@register
class DefenseDetector:
    name: ClassVar[str] = "talkingcure.defenses.v1"
    version: ClassVar[str] = "1.1.0"
    requires: ClassVar[tuple[str, ...]] = ("docs",)
    assigns: ClassVar[tuple[str, ...]] = tuple(f"label:{level}" for level in LEVELS)
    candidate_labels: ClassVar[tuple[str, ...]] = LEVELS

    def initialize(self) -> None:
        _load()

    def __call__(self, state: AnalysisState) -> None:
        for turn in state.transcript.turns:
            if not turn.is_client:
                continue
            for level, matches in level_matches(turn.text).items():
                spans = sorted({(m.start, m.end) for m in matches})
                evidence = [state.evidence_span(turn.index, s, e) for s, e in spans]
                state.add_label(turn.index, level, max(m.rule.score for m in matches), evidence)
