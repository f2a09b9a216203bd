"""``talkingcure.therapist_moves.v1``: psychodynamic-interpersonal moves in therapist turns.

Rules are data (``detectors/data/therapist_moves.toml``); each names the literature its idea comes
from (CPPS items, Hill's Helping Skills, Freud's and Malan's technique writings). A rule fires on a
therapist turn when one of its patterns matches, at least one of its ``with`` patterns also
matches, none of its ``unless`` patterns does, and (for ``invite`` rules) the turn invites the
client to speak. The parse from spaCy decides two things regex cannot: whether the turn is a
question even without a "?" (a wh-word or an auxiliary before its subject opening a clause), and
whether the clause around a match is negated ("you don't seem angry" is no reflection of anger).
Evidence is the exact span the pattern matched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

from talkingcure.analysis.detectors.phrase_rules import (
    Rule,
    compile_pattern,
    load_data,
    rules_from,
    span_root,
)
from talkingcure.analysis.detectors.therapist_acts import looks_like_question, opens_like_question
from talkingcure.analysis.findings import Evidence
from talkingcure.analysis.registry import register
from talkingcure.analysis.state import AnalysisState

RULES_FILE = "therapist_moves.toml"
LABELS = (
    "clarification",
    "reflection.feeling",
    "exploration.emotion",
    "exploration.past",
    "exploration.avoidance",
    "interpretation",
    "interpretation.transference",
    "invite.free_association",
    "self_disclosure",
    "advice",
)
# Labels whose negation in the matched clause cancels the move ("you don't sound upset").
NEGATABLE = frozenset({"reflection.feeling", "self_disclosure"})
# Labels that are statements: a match inside a sentence that opens like a question ("What are
# you feeling frustrated about?") is an exploration, not a reflection (Hill).
STATEMENTS = frozenset({"reflection.feeling"})


@dataclass(frozen=True)
class MoveRules:
    rules: tuple[Rule, ...]
    also: dict[str, tuple[re.Pattern[str], ...]]  # rule id -> ``with`` patterns
    unless: dict[str, tuple[re.Pattern[str], ...]]  # rule id -> ``unless`` patterns
    invite: re.Pattern[str]
    feelings: frozenset[str]  # one-word feeling terms (macros EMO_ADJ, EMO_NOUN)
    evaluations: frozenset[str]  # one-word evaluations of an event (macro EMO_EVAL)


def _words(macro: str) -> frozenset[str]:
    return frozenset(w for w in macro.split("|") if re.fullmatch(r"[a-z]+", w))


_CACHE: dict[str, MoveRules] = {}


def load_rules(filename: str = RULES_FILE) -> MoveRules:
    """The parsed, compiled rule file (cached per process)."""
    if filename not in _CACHE:
        data = load_data(filename)
        macros: dict[str, str] = data.get("macros", {})
        rules = tuple(rules_from(data, "rules"))
        unknown = {r.label for r in rules} - set(LABELS)
        if unknown:
            raise ValueError(f"{filename}: rules for unknown labels {sorted(unknown)}")

        def compiled(rule: Rule, key: str) -> tuple[re.Pattern[str], ...]:
            return tuple(compile_pattern(p, macros) for p in rule.get(key, []))

        _CACHE[filename] = MoveRules(
            rules=rules,
            also={r.id: compiled(r, "with") for r in rules},
            unless={r.id: compiled(r, "unless") for r in rules},
            invite=compile_pattern(macros["INVITE"], macros),
            feelings=_words(macros["EMO_ADJ"]) | _words(macros["EMO_NOUN"]),
            evaluations=_words(macros["EMO_EVAL"]),
        )
    return _CACHE[filename]


def _in_question(doc: Any, start: int, end: int) -> bool:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and len(span) > 0 and opens_like_question(span[0].sent)


def _negated(doc: Any, start: int, end: int) -> bool:
    """True if the matched words' head, or a verb above it up to its clause, has a negation."""
    token = span_root(doc, start, end)
    for _ in range(4):  # the matched head and at most three heads above it
        if token is None:
            return False
        if any(child.dep_ == "neg" for child in token.children):
            return True
        if token.dep_ == "ROOT" or any(c.dep_ in {"nsubj", "nsubjpass"} for c in token.children):
            return False
        token = token.head
    return False


# A feeling word predicated of the client ("you are probably also hurting", "you must be so
# worried") or of what happened to them ("that is really scary"), in a statement.
# Source: Hill, Helping Skills: reflection of feelings names the client's feeling.
PREDICATED_SCORE = 0.65
EVENT_SUBJECTS = frozenset({"that", "it", "this", "which"})


def predicated_feelings(doc: Any, index: int, rules: MoveRules) -> list[Evidence]:
    """Spans from the subject to the feeling word where the parse predicates a feeling of the
    client ("you") or an emotional evaluation of their situation ("that"), outside questions."""
    found = []
    for token in doc:
        word = token.lower_
        if word not in rules.feelings and word not in rules.evaluations:
            continue
        if opens_like_question(token.sent) or (
            token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to"
        ):
            continue
        subject = _clause_subject(token)
        if subject is None:
            continue
        allowed = subject.lower_ == "you" or (
            subject.lower_ in EVENT_SUBJECTS and word in rules.evaluations
        )
        if allowed and subject.i < token.i:
            start, end = subject.idx, token.idx + len(token)
            found.append(Evidence(turn=index, start=start, end=end, quote=doc.text[start:end]))
    return found


def _clause_subject(token: Any) -> Any | None:
    """The subject of the clause ``token`` belongs to (None if negated or not found nearby)."""
    current = token
    for _ in range(3):
        if any(child.dep_ == "neg" for child in current.children):
            return None
        subjects = [c for c in current.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subjects:
            return subjects[0]
        if current.dep_ == "ROOT":
            return None
        current = current.head
    return None


# A short question that repeats the client's words ("The usual stuff?") asks them to unpack them.
# Source: Hill, Helping Skills: clarification by restating a vague phrase as a question.
ECHO_SCORE = 0.6
ECHO_MAX_TOKENS = 8


def echoed_words(state: AnalysisState, index: int) -> Evidence | None:
    """The client's words a short therapist question repeats (two or more tokens, one a content
    word), as evidence in the therapist turn; None if the turn is not such an echo."""
    if index == 0 or not state.transcript.turns[index - 1].is_client:
        return None
    doc, previous = state.docs[index], state.docs[index - 1]
    words = [t for t in doc if not t.is_punct]
    if not 2 <= len(words) <= ECHO_MAX_TOKENS:
        return None
    theirs = {tuple(t.lower_ for t in previous[i : i + 2]) for i in range(len(previous) - 1)}
    for i in range(len(doc) - 1):
        pair = doc[i : i + 2]
        shared = tuple(t.lower_ for t in pair) in theirs
        if shared and any(not t.is_stop for t in pair) and all(t.is_alpha for t in pair):
            start, end = pair.start_char, pair.end_char
            return Evidence(turn=index, start=start, end=end, quote=doc.text[start:end])
    return None


@register
class TherapistMoves:
    """Labels clarification, reflection of feeling, explorations, interpretations, invitations
    to free association, self-disclosure and (refining the model label) advice.

    Options: ``rules`` (a rule file name in ``detectors/data``).
    """

    name: ClassVar[str] = "talkingcure.therapist_moves.v1"
    version: ClassVar[str] = "1.1.0"
    requires: ClassVar[tuple[str, ...]] = ("docs",)
    assigns: ClassVar[tuple[str, ...]] = tuple(f"label:{label}" for label in LABELS)
    # Every label is a candidate: reflection.feeling scores F1 0.23 on ESConv "Reflection of
    # feelings" (target 0.60); the others rest on synthetic gold sets and loose public mappings.
    candidate_labels: ClassVar[tuple[str, ...]] = LABELS

    def __init__(self, *, rules: str = RULES_FILE) -> None:
        self.rules = rules
        self.rules_: MoveRules | None = None

    def initialize(self) -> None:
        self.rules_ = load_rules(self.rules)

    def __call__(self, state: AnalysisState) -> None:
        if self.rules_ is None:
            self.initialize()
        assert self.rules_ is not None
        for turn in state.transcript.turns:
            if turn.is_therapist and turn.text.strip():
                self._label_turn(state, turn.index, self.rules_)

    def _label_turn(self, state: AnalysisState, index: int, rules: MoveRules) -> None:
        text = state.transcript.turns[index].text
        doc = state.docs[index]
        invites = self._invites(state, index, rules)
        found: dict[str, tuple[float, dict[tuple[int, int], Evidence]]] = {}

        def note(label: str, score: float, evidence: Iterable[Evidence]) -> None:
            best, spans = found.get(label, (0.0, {}))
            spans.update({(e.start, e.end): e for e in evidence})
            if spans:
                found[label] = (max(best, score), spans)

        for rule in rules.rules:
            if self._applies(rule, text, rules, invites):
                note(rule.label, rule.score, self._evidence(rule, index, text, doc))
        note("reflection.feeling", PREDICATED_SCORE, predicated_feelings(doc, index, rules))
        echo = echoed_words(state, index) if invites else None
        note("clarification", ECHO_SCORE, [echo] if echo else [])
        for label, (score, spans) in found.items():
            state.add_label(index, label, score, sorted(spans.values(), key=lambda e: e.start))

    @staticmethod
    def _invites(state: AnalysisState, index: int, rules: MoveRules) -> bool:
        text = state.transcript.turns[index].text
        if "question" in state.turns[index].labels or "?" in text:
            return True
        return bool(rules.invite.search(text)) or looks_like_question(state.docs[index])

    @staticmethod
    def _applies(rule: Rule, text: str, rules: MoveRules, invites: bool) -> bool:
        if rule.get("invite", False) and not invites:
            return False
        also = rules.also[rule.id]
        if also and not any(p.search(text) for p in also):
            return False
        return not any(p.search(text) for p in rules.unless[rule.id])

    @staticmethod
    def _evidence(rule: Rule, index: int, text: str, doc: Any) -> Iterable[Evidence]:
        for pattern in rule.patterns:
            for match in pattern.finditer(text):
                start, end = match.span()
                if end <= start:
                    continue
                if rule.label in NEGATABLE and _negated(doc, start, end):
                    continue
                if rule.label in STATEMENTS and _in_question(doc, start, end):
                    continue
                yield Evidence(turn=index, start=start, end=end, quote=text[start:end])
