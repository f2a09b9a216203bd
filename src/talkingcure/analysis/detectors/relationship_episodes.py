"""``talkingcure.relationship_episodes.v1``: the client tells of an interaction with a specific
other person ("my mother phoned on Sunday and told me ..."), the raw material of Luborsky's CCRT.

Uses the spaCy parse: a person reference (a possessed person noun such as "my boss", a parent
name such as "Mum", or a proper noun that NER does not place among places, dates and
organisations) attached to a verb that is not stative ("lives", "works", "is"). Generalisations
("people always let you down") have no specific person and are not episodes. Label only; full
CCRT episodes (wish, response of other, response of self) are a later issue.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from talkingcure.analysis.detectors.phrase_rules import load_data
from talkingcure.analysis.registry import register
from talkingcure.analysis.state import AnalysisState

LABEL = "relationship_episode"
POSSESSIVES = frozenset({"my", "our", "his", "her", "their"})


@dataclass(frozen=True)
class EpisodeLexicon:
    person_nouns: frozenset[str]
    name_nouns: frozenset[str]
    stative_verbs: frozenset[str]
    interaction_objects: frozenset[str]
    non_person_entities: frozenset[str]
    person_deps: frozenset[str]


_LEXICON: EpisodeLexicon | None = None


def lexicon() -> EpisodeLexicon:
    global _LEXICON
    if _LEXICON is None:
        data = load_data("relationship_episodes.toml")
        keys = EpisodeLexicon.__dataclass_fields__
        _LEXICON = EpisodeLexicon(**{key: frozenset(data[key]) for key in keys})
    return _LEXICON


@register
class RelationshipEpisodeDetector:
    name: ClassVar[str] = "talkingcure.relationship_episodes.v1"
    version: ClassVar[str] = "1.0.0"
    requires: ClassVar[tuple[str, ...]] = ("docs",)
    assigns: ClassVar[tuple[str, ...]] = (f"label:{LABEL}",)
    candidate_labels: ClassVar[tuple[str, ...]] = (LABEL,)

    def initialize(self) -> None:
        lexicon()

    def __call__(self, state: AnalysisState) -> None:
        lex = lexicon()
        for turn in state.transcript.turns:
            if not turn.is_client or turn.index >= len(state.docs):
                continue
            pairs = episode_pairs(state.docs[turn.index], lex)
            if not pairs:
                continue
            evidence = []
            for person, verb in pairs[:3]:
                start = min(person.idx, verb.idx)
                end = max(person.idx + len(person.text), verb.idx + len(verb.text))
                evidence.append(state.evidence_span(turn.index, start, end))
            state.add_label(turn.index, LABEL, 0.6, evidence)


def episode_pairs(doc: Any, lex: EpisodeLexicon) -> list[tuple[Any, Any]]:
    """(person token, interaction verb token) pairs in ``doc``."""
    pairs = []
    for token in doc:
        if not _is_person(token, lex):
            continue
        verb = _governing_verb(token, lex)
        if verb is not None and _is_interaction(verb, lex):
            pairs.append((token, verb))
    return pairs


def _is_person(token: Any, lex: EpisodeLexicon) -> bool:
    lemma = token.lemma_.lower()
    if token.ent_type_ in lex.non_person_entities:
        return False
    if lemma in lex.person_nouns and token.tag_ not in ("NNS", "NNPS"):
        possessed = any(c.dep_ == "poss" and c.lower_ in POSSESSIVES for c in token.children)
        return possessed or lemma in lex.name_nouns
    if token.pos_ == "PROPN" and token.text[:1].isupper():
        return token.ent_type_ in ("PERSON", "") and token.dep_ != "compound"
    return False


def _governing_verb(token: Any, lex: EpisodeLexicon) -> Any | None:
    current = token
    for _ in range(4):
        if current.dep_ not in lex.person_deps:
            return None
        head = current.head
        if head.i == current.i:
            return None
        if head.pos_ in ("VERB", "AUX"):
            return head
        if head.pos_ not in ("ADP", "PROPN", "NOUN") and current.dep_ != "conj":
            return None
        current = head
    return None


def _is_interaction(verb: Any, lex: EpisodeLexicon) -> bool:
    lemma = verb.lemma_.lower()
    if lemma not in lex.stative_verbs:
        return True
    if lemma == "have":
        return any(c.lemma_.lower() in lex.interaction_objects for c in verb.children)
    return False
