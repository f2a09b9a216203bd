"""``talkingcure.triggers.v1``: what sets off the client's distress, and what helps.

Explicit triggers are stated by the client as a pattern: a clause opened by "when",
"whenever", "every time" (read on the spaCy parse) whose main clause names a response, or a
causal phrase ("X sets me off", "X makes me panic", "X is the worst part") from
``data/triggers.toml``. Inferred triggers are a person, place, situation ... mentioned in the
sentence(s) just before a distress anchor: a sentence carrying the client's own risk label
(``risk.*`` from talkingcure.risk.v1, which includes craving), or a negative emotion label from
talkingcure.emotions.v1 in a turn whose intensity is high or rose sharply, or a strong distress
word. Each trigger has a kind, a response, a ``trauma_reminder`` flag and a ``plan_hint`` (trauma
reminders: cope and approach gradually, never "avoid"; substance cues: avoid or limit).

Output (in ``summary["triggers"]`` and ``summary["coping"]``, see docs/triggers.md) and the
turn labels ``trigger`` and ``coping`` plus findings of kind ``trigger`` and ``coping``. Every
item is a candidate: agreement with clinicians is not measured.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, ClassVar

from talkingcure.analysis.detectors.coping import CopingStatement, coping_rules, find_coping, link
from talkingcure.analysis.detectors.emotions import sentence_spans
from talkingcure.analysis.detectors.phrase_rules import find_matches
from talkingcure.analysis.detectors.trigger_lexicon import (
    is_trauma_reminder,
    key_lemmas,
    kind_of,
    lexicon,
    plan_hint,
    response_of,
)
from talkingcure.analysis.findings import Evidence, Finding
from talkingcure.analysis.registry import register
from talkingcure.analysis.state import AnalysisState

NAME = "talkingcure.triggers.v1"
VERSION = "1.0.0"
_STRIP = " ,;:.!?\"'"
_OPENER = re.compile(r"\b(?:whenever|every time|each time|any ?time|when)\s+", re.IGNORECASE)
# "that's when I use": what follows "that's when" is the response, not a trigger
_AFTER_THATS = re.compile(r"\b(?:that|this)(?:'s| is| was)\s*$", re.IGNORECASE)
_CLAUSE_START = re.compile(r"\s(?=I\b|it\b|my\b|everything\b)")
_LEADING = ("and ", "but ", "then ", "so ", "yeah ", "also ", "because ", "even ", "still ")


@dataclass
class Trigger:
    turn: int
    start: int
    end: int
    text: str
    kind: str
    response: str
    response_text: str
    mode: str  # explicit | inferred
    score: float
    rule: str
    evidence: list[Evidence]
    lemmas: list[str]
    trauma_reminder: bool = False
    answers: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"trigger-{self.turn}-{self.start}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "kind": self.kind,
            "response": self.response,
            "response_text": self.response_text,
            "mode": self.mode,
            "trauma_reminder": self.trauma_reminder,
            "plan_hint": plan_hint(self.kind, self.response, self.trauma_reminder),
            "score": round(self.score, 4),
            "turn": self.turn,
            "start": self.start,
            "end": self.end,
            "lemmas": self.lemmas,
            "rule": self.rule,
            "evidence": [_evidence(e) for e in self.evidence],
            "candidate": True,
            "detector": NAME,
            "version": VERSION,
        }


def _evidence(e: Evidence) -> dict[str, Any]:
    return {"turn": e.turn, "start": e.start, "end": e.end, "quote": e.quote}


@register
class TriggersDetector:
    name: ClassVar[str] = NAME
    version: ClassVar[str] = VERSION
    requires: ClassVar[tuple[str, ...]] = ("docs", "emotions", "intensity")
    assigns: ClassVar[tuple[str, ...]] = (
        "label:trigger",
        "label:coping",
        "finding:trigger",
        "finding:coping",
        "summary:triggers",
        "summary:coping",
    )
    candidate_labels: ClassVar[tuple[str, ...]] = ("trigger", "coping")

    def initialize(self) -> None:
        lexicon()
        coping_rules()

    def __call__(self, state: AnalysisState) -> None:
        triggers: list[Trigger] = []
        coping: list[CopingStatement] = []
        previous: int | None = None
        for turn in state.transcript.turns:
            if not turn.is_client or turn.index >= len(state.docs):
                continue
            found = explicit_triggers(state, turn.index)
            found += inferred_triggers(state, turn.index, previous, found)
            triggers += found
            coping += _coping(state, turn.index)
            previous = turn.index
        for statement in coping:
            statement.answers = link(statement, [(t.id, t.turn, t.start) for t in triggers])
        _record(state, triggers, coping)


# --- explicit ---------------------------------------------------------------------------------


def explicit_triggers(state: AnalysisState, index: int) -> list[Trigger]:
    """Triggers the client states as a pattern in turn ``index``."""
    doc = state.docs[index]
    found: list[Trigger] = []
    for sent in doc.sents:
        found += _connective_triggers(state, index, sent)
        for trigger in _phrase_triggers(state, index, sent):
            if not any(_overlap(trigger, f) for f in found):
                found.append(trigger)
    return found


def _connective_triggers(state: AnalysisState, index: int, sent: Any) -> list[Trigger]:
    """Triggers opened by a connective, read on the parse; by word order where the parse fails."""
    found = _parsed_connectives(state, index, sent)
    return found or _split_connectives(state, index, sent)


def _split_connectives(state: AnalysisState, index: int, sent: Any) -> list[Trigger]:
    """Fallback: "whenever X, Y" / "whenever X I Y": the trigger runs to a comma, else to the
    first "I", "it" or "my" after which a response follows."""
    match = _OPENER.search(sent.text)
    if match is None or _AFTER_THATS.search(sent.text[: match.start()]):
        return []
    begin = match.end()
    rest = sent.text[begin:]
    comma = rest.find(",")
    cuts = [comma] if comma > 2 else []
    cuts += [m.start() for m in _CLAUSE_START.finditer(rest) if m.start() > 2]
    for cut in cuts:
        trigger_text, response_text = rest[:cut], rest[cut:]
        response = response_of(response_text)
        if response is None or _is_response(trigger_text):
            continue
        start = sent.start_char + begin
        span = _trimmed_span(sent.doc, start, start + cut)
        if span is not None:
            return [_trigger(state, index, span, response_text, response, "explicit", 0.7, "split")]
    return []


def _parsed_connectives(state: AnalysisState, index: int, sent: Any) -> list[Trigger]:
    lex = lexicon()
    found = []
    for token in sent:
        clause = None
        if token.lower_ in lex.connectives and token.dep_ in {"advmod", "mark"}:
            head = token.head
            if head.dep_ == "advcl" and head.i != token.i:
                clause = (token, head)
        elif token.lemma_.lower() in lex.time_nouns and any(
            c.lower_ in lex.time_determiners for c in token.children
        ):
            # "every time I think ...": "time" modifies the clause's verb or heads a relative clause
            head = token.head
            inside = head.i != token.i and head.dep_ not in {"ROOT"} and head.i > token.i
            clause = (token, head if inside else token)
        if clause is not None and not _AFTER_THATS.search(sent.doc.text[: token.idx]):
            trigger = _from_clause(state, index, sent, *clause)
            if trigger is not None:
                found.append(trigger)
    return found


def _from_clause(
    state: AnalysisState, index: int, sent: Any, connective: Any, head: Any
) -> Trigger | None:
    doc = sent.doc
    left = min(head.left_edge.i, connective.i)
    right = head.right_edge.i
    words = [t for t in doc[left : right + 1] if t.i > connective.i and not t.is_punct]
    if not words:
        return None
    span = doc[words[0].i : words[-1].i + 1]
    rest = doc[sent.start : left].text + " " + doc[right + 1 : sent.end].text
    response = response_of(rest)
    if response is None or _is_response(span.text):
        return None
    return _trigger(state, index, span, rest, response, "explicit", 0.75, "connective")


def _phrase_triggers(state: AnalysisState, index: int, sent: Any) -> list[Trigger]:
    found = []
    for match in find_matches(lexicon().explicit, sent.text):
        groups = match.rule.patterns
        for pattern in groups:
            m = pattern.search(sent.text, match.start)
            if m is None or m.start() != match.start:
                continue
            response_text = m.group("response") or ""
            response = (
                response_of(response_text)
                or match.rule.get("default_response")
                or response_of(sent.text)
            )
            if response is None:
                continue
            start = sent.start_char + m.start("trigger")
            end = sent.start_char + m.end("trigger")
            span = _trimmed_span(sent.doc, start, end)
            if span is None or _is_response(span.text):
                continue
            found.append(
                _trigger(
                    state,
                    index,
                    span,
                    response_text,
                    response,
                    "explicit",
                    match.rule.score,
                    match.rule.id,
                )
            )
            break
    return found


def _trimmed_span(doc: Any, start: int, end: int) -> Any | None:
    text = doc.text[start:end]
    lowered = text.lower()
    for lead in _LEADING:
        if lowered.startswith(lead):
            start += len(lead)
            lowered = lowered[len(lead) :]
    while start < end and doc.text[start] in _STRIP:
        start += 1
    while end > start and doc.text[end - 1] in _STRIP:
        end -= 1
    if end - start < 3:
        return None
    return doc.char_span(start, end, alignment_mode="expand")


def _trigger(
    state: AnalysisState,
    index: int,
    span: Any,
    response_text: str,
    response: str,
    mode: str,
    score: float,
    rule: str,
    anchor: Evidence | None = None,
) -> Trigger:
    start, end = span.start_char, span.end_char
    sentence = span.sent
    evidence = [state.evidence_span(index, start, end)]
    if anchor is not None:
        evidence.append(anchor)
    else:
        evidence.append(state.evidence_span(index, sentence.start_char, sentence.end_char))
    kind = kind_of(span)
    return Trigger(
        turn=index,
        start=start,
        end=end,
        text=span.text,
        kind=kind,
        response=response,
        response_text=" ".join(response_text.split()),
        mode=mode,
        score=score,
        rule=rule,
        evidence=evidence,
        lemmas=key_lemmas(span),
        trauma_reminder=is_trauma_reminder(span.text, response_text, kind),
    )


def _is_response(text: str) -> bool:
    """A would-be trigger that is itself the distress or the urge ("the craving is worst")."""
    return response_of(text) == "urge" or any(p.search(text) for p in lexicon().distress)


def _overlap(a: Trigger, b: Trigger) -> bool:
    return a.turn == b.turn and a.start < b.end and b.start < a.end


# --- inferred ---------------------------------------------------------------------------------


def inferred_triggers(
    state: AnalysisState, index: int, previous: int | None, explicit: list[Trigger]
) -> list[Trigger]:
    """A mention just before a distress anchor in turn ``index`` (or the previous client turn)."""
    sentences = list(state.docs[index].sents)
    found: list[Trigger] = []
    window = int(lexicon().inferred["window_sentences"])
    for k, sent in enumerate(sentences):
        anchor = _anchor(state, index, sent, previous)
        if anchor is None or any(
            t.turn == index and t.start < sent.end_char and sent.start_char < t.end
            for t in explicit
        ):
            continue  # no distress here, or an explicit trigger already explains it
        candidates = [*_leading_clause(sent), *sentences[max(0, k - window) : k][::-1]]
        if k == 0 and previous is not None and index - previous <= 2:
            candidates += list(state.docs[previous].sents)[-1:]
        mention = _mention(state, candidates, explicit + found, previous, index)
        if mention is None:
            continue
        turn, span = mention
        if any(t.turn == turn and t.kind == kind_of(span) for t in explicit):
            continue  # an episode of the pattern the client just stated ("He rang on Friday")
        response = response_of(anchor.quote) or "emotion"
        found.append(
            _trigger(state, turn, span, anchor.quote, response, "inferred", 0.5, "anchor", anchor)
        )
    return found


def _leading_clause(sent: Any) -> list[Any]:
    """The first conjunct of ``sent`` when a later one holds the distress ("X happened and I
    panicked"): the clause up to the first coordinated verb."""
    for token in sent:
        if token.dep_ == "conj" and token.head == sent.root and token.pos_ in {"VERB", "AUX"}:
            cut = token.left_edge.i
            while cut > sent.start and sent.doc[cut - 1].dep_ in {"cc", "punct"}:
                cut -= 1
            if cut - sent.start >= 3:
                return [sent.doc[sent.start : cut]]
    return []


def _anchor(state: AnalysisState, index: int, sent: Any, previous: int | None) -> Evidence | None:
    """Evidence for distress or craving in ``sent`` (None when the sentence shows neither)."""
    lex = lexicon()
    config = lex.inferred
    text = sent.text
    if any(p.search(text) for p in coping_rules().success):
        return None  # "the panic came down": distress that the sentence says has passed
    turn_state = state.turns[index]
    start, end = sent.start_char, sent.end_char
    quote = state.evidence_span(index, start, end)
    for label in config["anchor_labels"]:
        for e in turn_state.evidence.get(label, []):
            if e.start < end and start < e.end:
                return quote
    intensity = turn_state.intensity or 0.0
    before = state.turns[previous].intensity if previous is not None else None
    rise = intensity - (before or 0.0) >= float(config["min_rise"])
    high = intensity >= float(config["min_intensity"])
    for label in config["emotion_labels"]:
        score = turn_state.labels.get(label, 0.0)
        if score < float(config["min_emotion"]) or not (high or rise):
            continue
        for e in turn_state.evidence.get(label, []):
            if e.start < end and start < e.end:
                return quote
    if any(p.search(text) for p in lex.distress):
        return quote  # a distress word ("sobbing", "terrified") is the rise itself
    return None


def _mention(
    state: AnalysisState,
    candidates: list[Any],
    taken: list[Trigger],
    previous: int | None,
    index: int,
) -> tuple[int, Any] | None:
    usable = []
    for sent in candidates:
        turn = index if sent.doc is state.docs[index] else previous
        assert turn is not None
        if any(_inside(t, turn, sent) for t in taken):
            break
        plain = kind_of(sent) == "situation" and not is_trauma_reminder(sent.text, "")
        if _is_distress(sent) or (plain and not _has_event(sent)) or _is_coping(sent):
            continue
        span = _trimmed_span(sent.doc, sent.start_char, sent.end_char)
        if span is not None:
            usable.append((turn, span))
    # a specific cue (a trauma reminder, a person, a place ...) before the nearest plain event
    specific = [
        u for u in usable if is_trauma_reminder(u[1].text, "") or kind_of(u[1]) != "situation"
    ]
    chosen = specific or usable
    return chosen[0] if chosen else None


def _inside(trigger: Trigger, turn: int, sent: Any) -> bool:
    return trigger.turn == turn and trigger.start < sent.end_char and sent.start_char < trigger.end


def _is_distress(sent: Any) -> bool:
    """A mention is the cue, not the reaction: no distress or urge in it, and no response words
    when the client is the one acting ("a man shouted at me" is a cue, "I shouted" is not)."""
    text = sent.text
    if any(p.search(text) for p in lexicon().distress):
        return True
    response = response_of(text)
    if response == "urge":
        return True
    return response in {"emotion", "behaviour"} and _client_subject(sent)


def _client_subject(sent: Any) -> bool:
    root = sent.root
    return any(c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ in {"i", "we"} for c in root.children)


def _is_coping(sent: Any) -> bool:
    return bool(find_coping(0, sent.text, [(0, len(sent.text))], _no_evidence))


def _no_evidence(start: int, end: int) -> Evidence:
    return Evidence(turn=0, start=start, end=end, quote="")


def _has_event(sent: Any) -> bool:
    """A sentence that tells of something happening (a verb other than 'be'/'feel')."""
    return any(t.pos_ == "VERB" and t.lemma_ not in {"be", "feel", "think"} for t in sent)


# --- coping and output ------------------------------------------------------------------------


def _coping(state: AnalysisState, index: int) -> list[CopingStatement]:
    text = state.transcript.turns[index].text

    def quote(start: int, end: int) -> Evidence:
        return state.evidence_span(index, start, end)

    return find_coping(index, text, sentence_spans(state, index), quote)


def _record(state: AnalysisState, triggers: list[Trigger], coping: list[CopingStatement]) -> None:
    for t in triggers:
        state.add_label(t.turn, "trigger", t.score, t.evidence[:1])
        state.add_finding(_trigger_finding(t))
    for c in coping:
        state.add_label(c.turn, "coping", c.score, c.evidence[:1])
        state.add_finding(_coping_finding(c))
    state.summary["triggers"] = [t.to_dict() for t in triggers]
    state.summary["coping"] = [coping_dict(c) for c in coping]


def coping_dict(c: CopingStatement) -> dict[str, Any]:
    return {
        "id": f"coping-{c.turn}-{c.start}",
        "text": c.text,
        "strategy": c.strategy,
        "used_successfully": c.used_successfully,
        "outcome": c.outcome,
        "answers": list(c.answers),
        "score": c.score,
        "turn": c.turn,
        "start": c.start,
        "end": c.end,
        "evidence": [_evidence(e) for e in c.evidence],
        "candidate": True,
        "detector": NAME,
        "version": VERSION,
    }


def _trigger_finding(t: Trigger) -> Finding:
    hint = plan_hint(t.kind, t.response, t.trauma_reminder)
    trauma = " Trauma reminder: plan coping and gradual approach, not avoidance." * (
        t.trauma_reminder
    )
    return Finding(
        kind="trigger",
        turns=tuple(sorted({e.turn for e in t.evidence})),
        score=t.score,
        detector=NAME,
        evidence=tuple(t.evidence),
        explanation=(
            f'{t.mode.capitalize()} trigger ({t.kind.replace("_", " ")}): "{t.text}" '
            f"-> {t.response.replace('_', ' ')}.{trauma}"
        ),
        candidate=True,
        extra={"trigger_kind": t.kind, "response": t.response, "mode": t.mode, "plan_hint": hint},
    )


def _coping_finding(c: CopingStatement) -> Finding:
    outcome = {"helped": "reported as helping", "did_not_help": "reported as not helping"}
    return Finding(
        kind="coping",
        turns=(c.turn,),
        score=c.score,
        detector=NAME,
        evidence=tuple(c.evidence[:1]),
        explanation=(
            f'Coping ({c.strategy.replace("_", " ")}): "{c.text}", '
            f"{outcome.get(c.outcome, 'outcome not stated')}."
        ),
        candidate=True,
        extra={"strategy": c.strategy, "outcome": c.outcome, "answers": list(c.answers)},
    )
