"""``talkingcure.therapist_moves.v1``: psychodynamic-interpersonal moves in therapist turns.

Rules are data (``detectors/data/therapist_moves.toml``); each names the literature its idea comes
from (CPPS items, Hill's Helping Skills, Freud's and Malan's technique writings). A rule fires on a
therapist turn when one of its patterns matches, at least one of its ``with`` patterns also
matches, none of its ``unless`` patterns does, and (for ``invite`` rules) the turn invites the
client to speak. The parse from spaCy decides what regex cannot: whether the turn is a
question even without a "?" (a wh-word or an auxiliary before its subject opening a clause),
whether the clause around a match is negated ("you don't seem angry" is no reflection of anger),
and, for reflection of feeling, whether the feeling is the client's as they are: not in a future,
conditional or wished-for clause ("if you feel anxious, call"; "I hope you feel better"), and, for
a feeling noun or verb, owned by or aimed at the client ("I can feel your frustration", "this
really bothers you").
Evidence is the exact span the pattern matched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, ClassVar

from talkingcure.analysis.detectors.phrase_rules import (
    Rule,
    clause_path,
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
    felt: frozenset[str]  # words naming a feeling only after "feel" (macro FELT_ONLY)
    moving: frozenset[str]  # verbs whose object feels something (macro EMO_VERB)
    difficulty: frozenset[str]  # evaluations that name difficulty, not a feeling (EMO_HARD)


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
            felt=_words(macros["FELT_ONLY"]),
            moving=_words(macros["EMO_VERB"]),
            difficulty=_words(macros["EMO_HARD"]),
        )
    return _CACHE[filename]


def _in_question(doc: Any, start: int, end: int) -> bool:
    token = _last_word(doc, start, end)
    return token is not None and _asks(token)


def _asks(token: Any) -> bool:
    """True if the sentence of ``token`` opens like a question, or ends with "?" with no break
    ("but", a comma before a new question) between ``token`` and the "?". "So you feel let down?"
    asks the client to confirm or correct: Hill counts it as a closed question about feelings
    (exploration), not a reflection; "You sound let down, is that right?" is a reflection with a
    check. (On the ESConv development conversations, feeling matches in "?" sentences were
    coded "Reflection of feelings" 10 times in 85.)"""
    sent = token.sent
    asked = sent.text.rstrip().endswith("?")
    if opens_like_question(sent) and (asked or not _exclaims(sent)):
        return True
    if not asked:
        return False
    after = [t for t in sent if t.i > token.i]
    for previous, following in pairwise(after):
        if (
            previous.lower_ in CLAUSE_BREAKS
            or previous.text in {".", "!"}
            or (previous.text in {",", ";", "-", "..."} and _opens_question(following))
        ):
            return False
    return True


def _exclaims(sent: Any) -> bool:
    """ "How lonely that must have been.": "how"/"what" + adjective or "a", no "?" (an
    exclamation naming the feeling, Hill's reflection, not a question)."""
    words = [t for t in sent if not t.is_punct]
    if len(words) < 3 or words[0].lower_ not in {"how", "what"} or words[2].pos_ == "AUX":
        return False  # "How long have you ...", "What a ... is it"
    return words[1].lower_ in {"a", "an"} or (
        words[1].pos_ == "ADJ" and words[1].lower_ not in QUANTITIES
    )


# "How long/much/often ..." asks about an amount, never exclaims a feeling.
QUANTITIES = frozenset({"long", "much", "many", "often", "far", "old", "soon", "big", "bad"})


# Words after which a new clause starts ("..., but have you tried ...?").
CLAUSE_BREAKS = frozenset({"but", "however", "though", "so"})


def _opens_question(token: Any) -> bool:
    return token.tag_ in {"WP", "WRB", "WDT"} or token.pos_ == "AUX"


def _last_word(doc: Any, start: int, end: int) -> Any | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    words = [t for t in span if not t.is_punct] if span is not None else []
    return words[-1] if words else None


# A feeling in a future, possible or generic world is not attributed to the client as they are
# ("you will feel relaxed", "you should be proud", "if you are upset, call me"). "must", "might",
# "may" stay: "you must be exhausted" is Hill's tentative reflection; so do "can"/"would", which
# on the ESConv development conversations mostly named the affect of the client's situation
# ("that can be scary", "I can see why you'd be stressed"), except a main-clause "would" ("you'd
# be surprised"). Source: the construct (the feeling is the client's, now or in the reported
# event); observed as false alarms on the ESConv development conversations (advice turns).
FUTURE_MODALS = frozenset({"will", "'ll", "could", "should"})
MAIN_CLAUSE_MODALS = frozenset({"would", "'d"})
CONDITIONS = frozenset({"if", "unless", "when", "whenever", "once"})
# "I hope you feel better soon", "don't let it stress you": a wish or a permission for the
# client, not their feeling (observed as false alarms on the ESConv development conversations).
WISHING = frozenset({"hope", "wish", "want", "need", "deserve", "let"})


def _hypothetical(token: Any) -> bool:
    """True if the clause of ``token`` (up to its subject) carries a future/possible modal or is
    a condition ("if"/"when" clause)."""
    for node in clause_path(token):
        for child in node.children:
            if child.dep_ == "aux" and (
                child.lower_ in FUTURE_MODALS
                or (child.lower_ in MAIN_CLAUSE_MODALS and node.dep_ in {"ROOT", "conj"})
            ):
                return True
            if child.dep_ in {"mark", "advmod"} and child.lower_ in CONDITIONS:
                return True
    top = clause_path(token)[-1]
    if top.dep_ in {"ccomp", "xcomp"} and top.head.dep_ == "relcl":
        return True  # "comedies that make you happy": a kind of thing, not the client now
    return top.dep_ in {"ccomp", "xcomp"} and top.head.lemma_ in WISHING


def _hypothetical_span(doc: Any, start: int, end: int) -> bool:
    token = _last_word(doc, start, end)
    return token is not None and _hypothetical(token)


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


# A feeling predicated of the client ("you are probably also hurting", "you must be so worried",
# "you feel alone"), an emotional evaluation of what happened to them ("that is really scary"),
# an event that moves them ("this is really bothering you") or their feeling perceived by the
# therapist ("I can feel your frustration"), in a statement about the client as they are.
# Source: Hill, Helping Skills: reflection of feelings names the client's feeling; the last two
# forms were observed as misses on the ESConv development conversations.
PREDICATED_SCORE = 0.65
EVENT_SUBJECTS = frozenset({"that", "it", "this", "which"})
# Verbs of the therapist perceiving or grasping a feeling ("I can sense your anger").
PERCEIVING = frozenset({"feel", "sense", "hear", "see", "understand", "imagine", "notice", "get"})
# Verbs by which the client has a feeling ("you have a lot of pain", "you're carrying such guilt").
CARRYING = frozenset({"have", "feel", "carry", "experience", "hold", "bear"})


def predicated_feelings(doc: Any, index: int, rules: MoveRules) -> list[Evidence]:
    """Spans naming a feeling the parse attributes to the client (see the forms above), outside
    questions, negated clauses and future or conditional clauses."""
    found = []
    for token in doc:
        span = _attribution(token, rules)
        if span is None or _asks(token) or _hypothetical(token):
            continue
        start, end = span
        found.append(Evidence(turn=index, start=start, end=end, quote=doc.text[start:end]))
    return found


def _attribution(token: Any, rules: MoveRules) -> tuple[int, int] | None:
    """Character span of the client's feeling that ``token`` names, or None."""
    word = token.lower_
    if word in rules.feelings or word in rules.evaluations or word in rules.felt:
        if token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == "to":
            return None  # "you are afraid to ask" / "hard to say": about an act, not a feeling
        return _predicated(token, rules) or _perceived(token, rules)
    if token.lemma_.lower() in rules.moving and token.pos_ == "VERB":
        return _moving_you(token)
    return None


def _predicated(token: Any, rules: MoveRules) -> tuple[int, int] | None:
    if token.pos_ in {"NOUN", "PROPN"} and token.dep_ not in {"attr", "acomp"}:
        return None  # a feeling noun is the client's only as in _perceived ("you have such grief")
    subject = _clause_subject(token)
    if subject is None or subject.i > token.i:
        return None
    word, who = token.lower_, subject.lower_
    if who == "you" and word in rules.felt:  # "you feel alone", not "you are alone"
        allowed = word in rules.feelings or token.head.lemma_ == "feel"
    elif who == "you":  # "you are worried"; "you're having a rough time" (the time is rough)
        allowed = word in rules.feelings or (word in rules.evaluations and token.dep_ == "amod")
    else:
        allowed = (
            who in EVENT_SUBJECTS and word in rules.evaluations and _about_client(token, rules)
        )
    return (subject.idx, token.idx + len(token)) if allowed else None


# Verbs and modals that make "that is hard" an empathic guess at the client's experience ("that
# must be hard", "that sounds tough") rather than a remark on difficulty or a reassurance ("I know
# it's hard, but you'll get through it"). Source: Hill's tentative reflection stems; on the ESConv
# development conversations plain "it is hard/tough" was coded "Reflection of feelings" 21 times
# in 210, and "I know it's ..." 2 in 56.
TENTATIVE = frozenset({"sound", "seem", "look", "appear", "must", "might", "may", "have", "get"})


def _about_client(token: Any, rules: MoveRules) -> bool:
    """True unless an event evaluation is a plain difficulty remark or a concession after
    "I know"."""
    path = clause_path(token)
    top = path[-1]
    if top.dep_ == "ccomp" and top.head.lemma_ == "know":
        return False
    if token.lower_ not in rules.difficulty:
        return True
    words = {n.lemma_.lower() for n in path} | {
        c.lemma_.lower() for n in path for c in n.children if c.dep_ in {"aux", "xcomp"}
    }
    return bool(words & TENTATIVE)


def _perceived(token: Any, rules: MoveRules) -> tuple[int, int] | None:
    """A feeling noun that is the client's: "I can feel your pain" (owned by "your", object of a
    perceiving verb) or "you have a lot of anger" (object of have/feel/carry with subject you)."""
    if token.lower_ not in rules.feelings or token.dep_ not in {"dobj", "pobj"}:
        return None
    verb = token.head
    for _ in range(2):  # "you have a lot of anger": up from "of" and "lot" to the verb
        if verb.pos_ in {"VERB", "AUX"}:
            break
        verb = verb.head
    if any(c.dep_ == "neg" for c in verb.children):
        return None
    owned = any(c.dep_ == "poss" and c.lower_ == "your" for c in token.children)
    if owned and verb.lemma_ in PERCEIVING:
        return verb.idx, token.idx + len(token)
    subject = _clause_subject(verb) if verb.lemma_ in CARRYING else None
    if subject is not None and subject.lower_ == "you" and subject.i < token.i:
        return subject.idx, token.idx + len(token)
    return None


def _moving_you(token: Any) -> tuple[int, int] | None:
    """ "This is really bothering you": an emotion verb whose object is the client."""
    objects = [c for c in token.children if c.dep_ == "dobj" and c.lower_ == "you"]
    if not objects or any(c.dep_ == "neg" for c in token.children):
        return None
    if any(c.dep_ in {"nsubj", "nsubjpass"} and c.tag_ in {"WP", "WDT"} for c in token.children):
        return None  # "tell me what bothers you" asks what the feeling is about
    return token.idx, objects[0].idx + len(objects[0])


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
    version: ClassVar[str] = "1.2.0"
    requires: ClassVar[tuple[str, ...]] = ("docs",)
    assigns: ClassVar[tuple[str, ...]] = tuple(f"label:{label}" for label in LABELS)
    # Every label is a candidate: reflection.feeling scores F1 0.29 on the ESConv hash-rule fifth
    # coded "Reflection of feelings" (target 0.60; 1.2.0 rules, training/dev_reflection_feeling.py
    # for the development figures); the others rest on synthetic gold sets and loose public
    # mappings.
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
                if rule.label in STATEMENTS and (
                    _in_question(doc, start, end) or _hypothetical_span(doc, start, end)
                ):
                    continue
                yield Evidence(turn=index, start=start, end=end, quote=text[start:end])
