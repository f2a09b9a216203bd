"""Feeling words in a turn (``data/feelings.toml``), with negated ones ("I'm not sad") left out."""

from __future__ import annotations

from talkingcure.analysis.detectors.phrase_rules import (
    Rule,
    RuleMatch,
    any_overlap,
    find_matches,
    load_data,
    rules_from,
)

_RULES: tuple[tuple[Rule, ...], tuple[Rule, ...]] | None = None


def _rules() -> tuple[tuple[Rule, ...], tuple[Rule, ...]]:
    global _RULES
    if _RULES is None:
        data = load_data("feelings.toml")
        _RULES = (tuple(rules_from(data, "feeling")), tuple(rules_from(data, "negated")))
    return _RULES


def feeling_matches(text: str) -> list[RuleMatch]:
    """Spans of ``text`` that name a feeling, except negated ones."""
    feelings, negated = _rules()
    negations = list(find_matches(negated, text))
    return [m for m in find_matches(feelings, text) if not any_overlap(negations, m.start, m.end)]
