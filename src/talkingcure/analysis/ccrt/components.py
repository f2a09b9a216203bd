"""W, RO and RS in one sentence of a client turn, scored into the eight clusters of each kind.

Who does the thing decides the kind: a phrase under a wish verb whose subject is the client
("I wanted her to be pleased") is a wish (W); a phrase whose subject is the other person (or
the therapist) is a response of other (RO); a phrase whose subject is the client, or "it"/"that"
in the client's evaluation ("it was nice"), is a response of self (RS). The phrase lists are in
``data/clusters.toml``; a negated phrase takes the entry's ``negated`` cluster or is dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from talkingcure.analysis.ccrt.lemmas import find_phrase, norm
from talkingcure.analysis.ccrt.lexicon import ClusterLexicon, Entry, clusters, people
from talkingcure.analysis.ccrt.model import Component, Kind, Span

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
SELF = frozenset({"i", "me", "myself", "we"})
EVALUATIVE_SUBJECTS = frozenset({"it", "that", "this"})
INHERIT_DEPS = frozenset({"conj", "xcomp", "advcl", "acomp", "dobj", "prep", "pobj", "advmod"})

# token -> person key (or None) for the other people resolved in this turn
Resolver = Callable[[Any], str | None]


def sentence_components(
    sentence: Any, turn: int, resolve: Resolver, lex: ClusterLexicon | None = None
) -> list[Component]:
    """Components found in one spaCy sentence span of client turn ``turn``."""
    lex = lex or clusters()
    tokens = list(sentence)
    found: dict[tuple[str, str], Component] = {}
    starts = lex.first_words()
    for position, token in enumerate(tokens):
        if (norm(token) not in starts and token.lower_ not in starts) or _skip(tokens, position):
            continue
        kind = _kind_at(token, resolve, lex)
        if kind is None:
            continue
        best = _best_match(tokens, position, kind, lex)
        if best is None:
            continue
        entry, phrase, positions = best
        component = _component(tokens, positions, entry, phrase, turn, resolve)
        if component is not None:
            found.setdefault((component.kind, component.cluster), component)
    return list(found.values())


def _skip(tokens: Sequence[Any], position: int) -> bool:
    """A person noun ("my boss") or the filler "like" (", like,") never starts a phrase."""
    token = tokens[position]
    if token.pos_ in ("NOUN", "PROPN") and token.lemma_.lower() in people().nouns:
        return True
    if token.lower_ == "like":
        before = tokens[position - 1].text if position > 0 else ","
        after = tokens[position + 1].text if position + 1 < len(tokens) else ","
        return before in (",", "-") or after in (",", "?", ".")
    return False


def _best_match(
    tokens: Sequence[Any], position: int, kind: Kind, lex: ClusterLexicon
) -> tuple[Entry, tuple[str, ...], list[int]] | None:
    best: tuple[Entry, tuple[str, ...], list[int]] | None = None
    token = tokens[position]
    candidates = lex.by_first.get((kind, norm(token)), ()) + (
        lex.by_first.get((kind, token.lower_), ()) if token.lower_ != norm(token) else ()
    )
    for entry, phrase in candidates:
        positions = find_phrase(tokens, phrase, position)
        if positions is not None and (best is None or len(phrase) > len(best[1])):
            best = (entry, phrase, positions)
    return best


def _kind_at(token: Any, resolve: Resolver, lex: ClusterLexicon) -> Kind | None:
    path = [token, *token.ancestors]
    for ancestor in path[1:]:
        if norm(ancestor) in lex.wish_verbs and _subject_is_self(ancestor):
            return "W"
    subject = subject_of(token)
    if subject is None:
        return None
    if subject.lower_ in SELF:
        return "RS"
    if resolve(subject) is not None:
        return "RO"
    if subject.lower_ in EVALUATIVE_SUBJECTS:
        return "RS"
    return None


def subject_of(token: Any) -> Any | None:
    """The grammatical subject of the clause ``token`` is in, following conj/xcomp heads."""
    current = token
    for _ in range(8):
        subjects = [c for c in current.children if c.dep_ in SUBJECT_DEPS]
        if subjects and current.pos_ in ("VERB", "AUX", "ADJ"):
            return subjects[0]
        if subjects and current.dep_ == "ROOT":
            return subjects[0]
        if current.head.i == current.i:
            return None
        if current.pos_ in ("VERB", "AUX") and current.dep_ not in INHERIT_DEPS:
            return None
        current = current.head
    return None


def _subject_is_self(verb: Any) -> bool:
    subject = subject_of(verb)
    return subject is not None and subject.lower_ in SELF


def _negated(tokens: Sequence[Any], positions: list[int]) -> bool:
    heads = {tokens[positions[0]].head, tokens[positions[0]]}
    return any(norm(c) == "not" for head in heads for c in head.children)


def _component(
    tokens: Sequence[Any],
    positions: list[int],
    entry: Entry,
    phrase: tuple[str, ...],
    turn: int,
    resolve: Resolver,
) -> Component | None:
    cluster, valence, negated = entry.cluster, entry.valence, False
    if "not" not in phrase and _negated(tokens, positions):
        if entry.negated is None:
            return None
        cluster, valence, negated = entry.negated[0], entry.negated[1], True
    first = tokens[positions[0]]
    last = tokens[positions[-1]]
    subject = subject_of(first)
    start_token = subject if subject is not None and subject.i < first.i else first
    start_token = min((start_token, first), key=lambda t: t.i)
    if start_token.sent.start != first.sent.start:
        start_token = first
    doc = first.doc
    span = doc[start_token.i : last.i + 1]
    evidence = Span(turn, span.start_char, span.end_char, span.text)
    return Component(
        kind=entry.kind,
        cluster=cluster,
        valence=valence,
        evidence=evidence,
        rule=" ".join(phrase),
        negated=negated,
    )
