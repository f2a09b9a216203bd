"""Coping statements for ``talkingcure.triggers.v1``: what the client says helps or helped.

Strategies are data (``data/coping.toml``): calling someone, a meeting, leaving, breathing,
writing, grounding, graded approach ... A match inside a plan, wish or negation ("I could call
my sponsor", "I haven't tried it yet") is not a coping statement. Each statement is linked to
the trigger it answers (the latest trigger in the same turn before it, else in the few client
turns before) and marked ``used_successfully`` when the client reports it working.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from talkingcure.analysis.detectors.phrase_rules import Rule, compile_pattern, load_data, rules_from
from talkingcure.analysis.findings import Evidence

LINK_WINDOW = 4  # turns back from a coping statement to look for the trigger it answers


@dataclass(frozen=True)
class CopingRules:
    strategies: tuple[Rule, ...]
    modal: tuple[re.Pattern[str], ...]
    success: tuple[re.Pattern[str], ...]
    failure: tuple[re.Pattern[str], ...]


@dataclass
class CopingStatement:
    turn: int
    start: int
    end: int
    text: str
    strategy: str
    outcome: str  # helped | did_not_help | not_stated
    score: float
    evidence: list[Evidence]
    answers: list[str] = field(default_factory=list)

    @property
    def used_successfully(self) -> bool:
        return self.outcome == "helped"


_RULES: CopingRules | None = None


def coping_rules() -> CopingRules:
    global _RULES
    if _RULES is None:
        data = load_data("coping.toml")

        def compiled(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
            return tuple(compile_pattern(p, {}) for p in patterns)

        _RULES = CopingRules(
            strategies=tuple(rules_from(data, "strategy")),
            modal=compiled(data["modal"]["patterns"]),
            success=compiled(data["outcome"]["success"]),
            failure=compiled(data["outcome"]["failure"]),
        )
    return _RULES


def find_coping(
    turn: int, text: str, sentences: list[tuple[int, int]], quote: Any
) -> list[CopingStatement]:
    """Coping statements in one client turn; ``quote(start, end)`` builds evidence."""
    rules = coping_rules()
    found: list[CopingStatement] = []
    for s_start, s_end in sentences:
        sentence = text[s_start:s_end]
        for rule in rules.strategies:
            match = _first(rule, sentence)
            if match is None or _hypothetical(sentence[: match.start()], rules):
                continue
            if any(c.start <= s_start + match.start() < c.end for c in found):
                continue
            if rule.get("unless_in_sentence") in {c.strategy for c in found if c.start >= s_start}:
                continue  # "I rang my sister and she stayed on the phone": one statement
            after = text[s_start : _next_end(sentences, s_end)]
            outcome = _outcome(after, rules)
            start, end = s_start + match.start(), s_start + match.end()
            found.append(
                CopingStatement(
                    turn=turn,
                    start=start,
                    end=end,
                    text=sentence[match.start() : match.end()],
                    strategy=rule.id,
                    outcome=outcome,
                    score=0.7 if outcome == "helped" else 0.55,
                    evidence=[quote(start, end), quote(s_start, s_end)],
                )
            )
    return found


def _first(rule: Rule, sentence: str) -> re.Match[str] | None:
    matches = [m for p in rule.patterns if (m := p.search(sentence))]
    return min(matches, key=lambda m: m.start()) if matches else None


def _hypothetical(before: str, rules: CopingRules) -> bool:
    clause = re.split(r"[,;:]| and | but | so ", before)[-1]
    return any(p.search(clause) for p in rules.modal)


def _next_end(sentences: list[tuple[int, int]], end: int) -> int:
    later = [e for s, e in sentences if s >= end]
    return later[0] if later else end


def _outcome(text: str, rules: CopingRules) -> str:
    if any(p.search(text) for p in rules.failure):
        return "did_not_help"
    if any(p.search(text) for p in rules.success):
        return "helped"
    return "not_stated"


def link(statement: CopingStatement, triggers: list[tuple[str, int, int]]) -> list[str]:
    """The id of the trigger ``statement`` answers: ``triggers`` holds (id, turn, start)."""
    same = [t for t in triggers if t[1] == statement.turn and t[2] < statement.start]
    if same:
        return [max(same, key=lambda t: t[2])[0]]
    earlier = [t for t in triggers if statement.turn - LINK_WINDOW <= t[1] < statement.turn]
    if earlier:
        return [max(earlier, key=lambda t: (t[1], t[2]))[0]]
    return []
