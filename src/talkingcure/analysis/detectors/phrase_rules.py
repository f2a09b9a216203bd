"""Phrase rules kept as data (TOML): regular expressions with a label, a score and a source.

Rule files live in ``detectors/data/``. A file may define ``[macros]`` (``<<NAME>>`` in a
pattern is replaced by the macro's regex) and any number of rule tables; each rule has ``id``,
``patterns`` (case-insensitive regexes), ``score`` and ``source`` (where the idea comes from),
plus any extra keys a detector reads (``label``, ``subject_check`` ...).

The helpers on spaCy docs (``clause_path``, ``subject_of``, ``is_negated``) let detectors ask
who does the matched thing and whether the clause around it is negated.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from talkingcure.analysis.detectors.literal_prefilter import fold, might_match

_MACRO = re.compile(r"<<([A-Z_]+)>>")


@dataclass(frozen=True)
class Rule:
    id: str
    label: str
    patterns: tuple[re.Pattern[str], ...]
    score: float
    source: str
    options: Mapping[str, Any] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.options.get(key, default)


@dataclass(frozen=True)
class RuleMatch:
    rule: Rule
    start: int
    end: int

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


@cache
def load_data(filename: str) -> dict[str, Any]:
    """The parsed TOML file ``detectors/data/<filename>`` (cached per process)."""
    resource = resources.files("talkingcure.analysis.detectors").joinpath("data", filename)
    return tomllib.loads(resource.read_text(encoding="utf-8"))


def compile_pattern(pattern: str, macros: Mapping[str, str]) -> re.Pattern[str]:
    def expand(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in macros:
            raise KeyError(f"unknown macro <<{name}>> in pattern {pattern!r}")
        return f"(?:{macros[name]})"

    return re.compile(_MACRO.sub(expand, pattern), re.IGNORECASE)


def rules_from(data: Mapping[str, Any], table: str, *, default_label: str = "") -> list[Rule]:
    """The rules listed under ``[[<table>]]`` in a parsed rule file."""
    macros: Mapping[str, str] = data.get("macros", {})
    rules = []
    for entry in data.get(table, []):
        known = {"id", "label", "patterns", "score", "source"}
        rules.append(
            Rule(
                id=str(entry["id"]),
                label=str(entry.get("label", default_label)),
                patterns=tuple(compile_pattern(p, macros) for p in entry["patterns"]),
                score=float(entry.get("score", 0.5)),
                source=str(entry.get("source", "")),
                options={k: v for k, v in entry.items() if k not in known},
            )
        )
    return rules


def find_matches(rules: Iterable[Rule], text: str) -> Iterator[RuleMatch]:
    """Every (rule, span) where a pattern of a rule matches ``text``."""
    folded = fold(text)
    for rule in rules:
        for pattern in rule.patterns:
            if not might_match(pattern, folded):
                continue
            for match in pattern.finditer(text):
                if match.end() > match.start():
                    yield RuleMatch(rule, match.start(), match.end())


def any_overlap(matches: Iterable[RuleMatch], start: int, end: int) -> bool:
    return any(m.overlaps(start, end) for m in matches)


# --- spaCy helpers ---------------------------------------------------------------------------

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
FIRST_PERSON = frozenset({"i", "me", "myself", "we", "us", "ourselves", "you", "one"})


def span_root(doc: Any, start: int, end: int) -> Any | None:
    """The syntactic root token of the character span ``start:end`` of ``doc``."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.root


def clause_path(token: Any) -> list[Any]:
    """``token`` and its ancestors up to and including the first one with a subject."""
    path = [token]
    current = token
    while not _has_subject(current) and current.head.i != current.i:
        current = current.head
        path.append(current)
    return path


def _has_subject(token: Any) -> bool:
    return any(child.dep_ in SUBJECT_DEPS for child in token.children)


def subject_of(path: list[Any]) -> Any | None:
    """The subject token of the clause at the top of ``path`` (None for fragments)."""
    for child in path[-1].children:
        if child.dep_ in SUBJECT_DEPS:
            return child
    return None


def is_negated(
    path: list[Any], *, skip: tuple[int, int] = (0, 0), reversers: frozenset[str]
) -> bool:
    """True if a token on ``path`` carries a negation outside the character range ``skip``.

    A negated verb whose lemma is in ``reversers`` ("can't stop thinking about it") does not
    count as a negation of what it governs.
    """
    for token in path:
        if token.lemma_.lower() in reversers:
            continue
        for child in token.children:
            inside = skip[0] <= child.idx < skip[1]
            if inside:
                continue
            if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no"):
                return True
    return False
