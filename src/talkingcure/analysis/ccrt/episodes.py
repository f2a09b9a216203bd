"""Relationship episodes in one session: stretches of client talk about one other person.

Sentence by sentence through the client turns: the person mentioned most in a sentence is its
focus. A sentence whose focus is a new person opens an episode; a sentence without a person
continues the open episode if it is in the same client turn or the next one. An episode closes
when a client turn adds nothing to it (no mention of the person, no component) or another
person takes the focus; trailing turns without a mention or component are trimmed. A client
turn the transference detector labelled is an in-session episode with the therapist.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from talkingcure.analysis.ccrt.components import sentence_components
from talkingcure.analysis.ccrt.lemmas import has_phrase
from talkingcure.analysis.ccrt.lexicon import clusters
from talkingcure.analysis.ccrt.model import Episode, Span
from talkingcure.analysis.ccrt.people import Mention, PeopleTracker, Person
from talkingcure.analysis.transcript import Turn


@dataclass
class _Open:
    episode: Episode
    last_turn: int
    text_tokens: list[Any] = field(default_factory=list)
    active_turns: set[int] = field(default_factory=set)


def find_episodes(
    turns: Sequence[Turn],
    docs: Sequence[Any],
    transference_turns: frozenset[int] = frozenset(),
    labelled_turns: frozenset[int] = frozenset(),
    known_people: Mapping[str, str] | None = None,
) -> list[Episode]:
    """The relationship episodes told in the client turns of one session, in order.

    ``transference_turns``: client turns labelled ``transference``; ``labelled_turns``: client
    turns labelled ``relationship_episode`` (an interaction verb with a person). An episode
    is kept when it has a component, or when one of its turns has that label.
    ``known_people`` maps names to categories the record already knows (``meta.people``).
    """
    tracker = PeopleTracker()
    tracker.know(known_people or {})
    done: list[_Open] = []
    current: _Open | None = None
    for turn in turns:
        if not turn.is_client or turn.index >= len(docs):
            continue
        current = _read_turn(
            turn.index, docs[turn.index], tracker, current, done, turn.index in transference_turns
        )
        if current is not None and turn.index not in current.active_turns:
            done.append(current)
            current = None
    if current is not None:
        done.append(current)
    kept = [item for item in done if _worth_keeping(item, labelled_turns)]
    return [_finish(item, tracker) for item in kept]


def _read_turn(
    index: int,
    doc: Any,
    tracker: PeopleTracker,
    current: _Open | None,
    done: list[_Open],
    transference: bool,
) -> _Open | None:
    mentions = tracker.mentions(index, doc)
    if transference and not any(m.key == "therapist" for m in mentions):
        tracker.persons.setdefault("therapist", Person("therapist", "therapist"))
    for sentence in doc.sents:
        inside = [m for m in mentions if sentence.start <= m.token < sentence.end]
        focus = _focus(inside) or ("therapist" if transference and current is None else None)
        if focus is not None and (current is None or focus != current.episode.other):
            if current is not None:
                done.append(current)
            episode = Episode(other=focus, category=tracker.category(focus), turns=[index])
            current = _Open(episode, index)
        if current is None:
            continue
        if focus is None and index != current.last_turn and not _next_client_turn(current, index):
            continue
        _add_sentence(current, sentence, index, inside, tracker)
    return current


def _next_client_turn(current: _Open, index: int) -> bool:
    return index - current.last_turn <= 2


def _add_sentence(
    current: _Open, sentence: Any, index: int, inside: list[Mention], tracker: PeopleTracker
) -> None:
    other = current.episode.other

    def resolve(token: Any) -> str | None:
        for mention in inside:
            if mention.token == token.i:
                return mention.key
        return None

    own = [m for m in inside if m.key == other]
    components = sentence_components(sentence, index, resolve)
    components = [
        c for c in components if c.kind != "RO" or _ro_is_other(c.evidence, inside, other)
    ]
    current.text_tokens.extend(sentence)
    if own or components:
        current.episode.turns.append(index)
        current.active_turns.add(index)
        current.last_turn = index
    current.episode.mentions.extend(Span(index, m.start, m.end, m.text) for m in own)
    current.episode.components.extend(components)


def _ro_is_other(evidence: Span, inside: list[Mention], other: str) -> bool:
    """An RO must be done by the episode's person (a mention of them inside the evidence)."""
    subjects = [m for m in inside if evidence.start <= m.start < evidence.end]
    return not subjects or any(m.key == other for m in subjects)


def _focus(mentions: list[Mention]) -> str | None:
    if not mentions:
        return None
    counts = Counter(m.key for m in mentions)
    top = max(counts.values())
    return next(m.key for m in mentions if counts[m.key] == top)


def _worth_keeping(item: _Open, labelled_turns: frozenset[int]) -> bool:
    episode = item.episode
    if not episode.mentions and episode.category != "therapist":
        return False
    labelled = bool(labelled_turns & set(episode.turns))
    return bool(episode.components) or (labelled and len(episode.mentions) >= 2)


def _finish(item: _Open, tracker: PeopleTracker) -> Episode:
    lex = clusters()
    episode = item.episode
    episode.turns = sorted(set(episode.turns))
    episode.category = tracker.category(episode.other)
    tokens = [t for t in item.text_tokens if t.doc is not None]
    if episode.category == "therapist":
        episode.time_frame = "in-session"
    elif has_phrase(tokens, lex.past):
        episode.time_frame = "past"
    else:
        episode.time_frame = "recent"
    episode.generalised = has_phrase(tokens, lex.generalisation)
    return episode
