"""Lexicons for ``talkingcure.triggers.v1``: the kind of a trigger, the response it sets off,
whether it is a trauma reminder, and the hint the coping plan should follow.

The words and patterns are data (``data/triggers.toml``), each table with its source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from talkingcure.analysis.detectors.phrase_rules import Rule, compile_pattern, load_data, rules_from

KINDS = (
    "person",
    "place",
    "situation",
    "activity",
    "thought",
    "bodily_state",
    "substance_cue",
)
RESPONSES = ("substance_use", "urge", "behaviour", "emotion")
# What the product should suggest for a trigger (the clinical point: avoidance is not the
# answer to every trigger; trauma reminders call for coping and gradual approach).
HINT_AVOID = "avoid_or_limit"
HINT_APPROACH = "cope_and_approach_gradually"
HINT_PLAN = "plan_coping"

_KIND_ORDER = (
    "substance_cue",
    "thought",
    "bodily_state",
    "person",
    "situation",
    "place",
    "activity",
)
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})


@dataclass(frozen=True)
class TriggerLexicon:
    explicit: tuple[Rule, ...]
    responses: tuple[Rule, ...]
    kinds: dict[str, frozenset[str]]
    trauma_words: tuple[re.Pattern[str], ...]
    trauma_responses: tuple[re.Pattern[str], ...]
    connectives: frozenset[str]
    time_nouns: frozenset[str]
    time_determiners: frozenset[str]
    inferred: dict[str, Any]
    distress: tuple[re.Pattern[str], ...]


_LEXICON: TriggerLexicon | None = None


def lexicon() -> TriggerLexicon:
    """The parsed ``data/triggers.toml`` (loaded once per process)."""
    global _LEXICON
    if _LEXICON is None:
        data = load_data("triggers.toml")
        macros = data.get("macros", {})
        inferred = dict(data["inferred"])
        _LEXICON = TriggerLexicon(
            explicit=tuple(rules_from(data, "explicit", default_label="trigger")),
            responses=tuple(rules_from(data, "response")),
            kinds={k: frozenset(v) for k, v in data["kinds"].items() if k in KINDS},
            trauma_words=tuple(_word(w) for w in data["trauma"]["words"]),
            trauma_responses=tuple(_word(w) for w in data["trauma"]["response_markers"]),
            connectives=frozenset(data["connectives"]),
            time_nouns=frozenset(data["time_nouns"]),
            time_determiners=frozenset(data["time_determiners"]),
            inferred=inferred,
            distress=tuple(compile_pattern(p, macros) for p in inferred["distress_patterns"]),
        )
    return _LEXICON


def _word(phrase: str) -> re.Pattern[str]:
    return re.compile(rf"\b{re.escape(phrase)}\b", re.IGNORECASE)


def response_of(text: str) -> str | None:
    """The first response category (in data order) whose pattern occurs in ``text``."""
    for rule in lexicon().responses:
        if any(p.search(text) for p in rule.patterns):
            return rule.id
    return None


def kind_of(span: Any) -> str:
    """The kind of the trigger in the spaCy ``span`` (situation when nothing more specific)."""
    kinds = lexicon().kinds
    words = {t.lower_ for t in span} | {t.lemma_.lower() for t in span}
    for kind in _KIND_ORDER:
        if kind == "person" and _has_person(span, kinds.get("person", frozenset())):
            return kind
        if kind != "person" and words & kinds.get(kind, frozenset()):
            return kind
    return "situation"


def _has_person(span: Any, nouns: frozenset[str]) -> bool:
    """Someone other than the client does the thing: a person noun, name or he/she as subject."""
    for token in span:
        head_role = token.dep_ == "compound" and (
            token.head.dep_ in _SUBJECTS or token.head == span.root
        )
        if token.dep_ not in _SUBJECTS and token != span.root and not head_role:
            continue  # "my brother phones" parsed as a noun: "brother" is a compound of it
        if token.lemma_.lower() in nouns or token.lower_ in nouns:
            return True
        if token.pos_ == "PROPN" and (token.ent_type_ == "PERSON" or token.dep_ in _SUBJECTS):
            return True
    return False


def is_trauma_reminder(trigger: str, response: str, kind: str = "") -> bool:
    """A trauma reminder: trauma cue words in the trigger (unless it is a substance cue), or
    flashback markers (re-experiencing, freezing) in the response."""
    lex = lexicon()
    cue = kind != "substance_cue" and any(p.search(trigger) for p in lex.trauma_words)
    return cue or any(p.search(response) for p in lex.trauma_responses)


def plan_hint(kind: str, response: str, trauma: bool) -> str:
    """How a coping plan should treat the trigger: never suggest avoiding trauma reminders."""
    if trauma:
        return HINT_APPROACH
    if kind == "substance_cue":
        return HINT_AVOID
    return HINT_PLAN


def key_lemmas(span: Any) -> list[str]:
    """Content lemmas of a trigger, for merging the same trigger across sessions."""
    keep = {"NOUN", "PROPN", "VERB", "ADJ"}
    lemmas = [
        t.lemma_.lower()
        for t in span
        if t.pos_ in keep and not t.is_stop and t.lemma_.lower() not in {"be", "have", "get"}
    ]
    return sorted(set(lemmas))
