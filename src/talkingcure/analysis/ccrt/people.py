"""Who the client talks about: person mentions in client turns, with pronouns and repeated
references resolved to one person per session.

A mention is a possessed person noun ("my boss"), a parent's name used as a name ("Mum"), a
proper noun that spaCy does not place among places, dates or organisations ("Priya"), a third-
person pronoun resolved to the most recent person of a compatible gender (in the same or the
previous two client turns), or "you" addressed to the therapist (not a filler such as "you
know", not reported speech such as "I said you ...").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from talkingcure.analysis.ccrt.lexicon import PeopleLexicon, people
from talkingcure.analysis.detectors.phrase_rules import find_matches, load_data, rules_from

NON_PERSON_ENTITIES = frozenset(
    {"GPE", "LOC", "ORG", "DATE", "TIME", "FAC", "NORP", "EVENT", "PRODUCT", "MONEY", "CARDINAL"}
)
NOT_NAMES = frozenset({"ok", "okay", "god", "christmas", "yeah", "um", "mm", "ha", "hi", "sorry"})
LINK_DEPS = frozenset({"appos", "compound"})
PRONOUN_WINDOW = 3  # client turns a pronoun may look back over


@dataclass
class Person:
    key: str
    category: str
    gender: str = ""


@dataclass(frozen=True)
class Mention:
    turn: int
    token: int  # token index in the turn's doc
    key: str
    start: int
    end: int
    text: str
    kind: str  # "noun", "name", "pronoun", "you"


@dataclass
class PeopleTracker:
    """Keeps the session's people and resolves each new mention against them."""

    lexicon: PeopleLexicon = field(default_factory=people)
    persons: dict[str, Person] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)  # category -> named person key
    recent: list[tuple[int, str]] = field(default_factory=list)  # (turn, key), newest last

    def know(self, people: Mapping[str, str]) -> None:
        """Seed people the record already knows, e.g. ``{"Sam": "partner"}`` (meta.people)."""
        for name, category in people.items():
            self.persons[name] = Person(name, category)
            if category not in ("other", "therapist"):
                self.aliases[category] = name

    def mentions(self, turn: int, doc: Any) -> list[Mention]:
        """Person mentions in one client turn, in order, each resolved to a person key."""
        found: list[Mention] = []
        for token in doc:
            mention = self._mention(turn, token)
            if mention is not None:
                found.append(mention)
                self.recent.append((turn, mention.key))
        return found

    def category(self, key: str) -> str:
        person = self.persons.get(key)
        return person.category if person else "other"

    def _mention(self, turn: int, token: Any) -> Mention | None:
        lower = token.lower_
        if lower == "you":
            return self._you(turn, token)
        if token.tag_ in ("PRP", "PRP$") and lower in self.lexicon.pronouns:
            return self._pronoun(turn, token)
        if token.pos_ == "PROPN":
            return self._name(turn, token)
        if token.pos_ == "NOUN" or token.lemma_.lower() in self.lexicon.names_for_parents:
            return self._noun(turn, token)
        return None

    def _make(self, turn: int, token: Any, key: str, kind: str) -> Mention:
        return Mention(turn, token.i, key, token.idx, token.idx + len(token.text), token.text, kind)

    def _you(self, turn: int, token: Any) -> Mention | None:
        sentence = token.sent.text.lower()
        window = token.doc[max(token.i - 1, 0) : token.i + 2].text.lower()
        if any(filler in window for filler in self.lexicon.fillers) and token.dep_ != "dobj":
            return None
        if _reported(token, self.lexicon.reporting_verbs) or _generic(sentence):
            return None
        self.persons.setdefault("therapist", Person("therapist", "therapist"))
        return self._make(turn, token, "therapist", "you")

    def _pronoun(self, turn: int, token: Any) -> Mention | None:
        gender = self.lexicon.pronouns[token.lower_]
        # newest first; a person of unknown gender only from the same turn
        window = [
            self.persons[key]
            for seen_turn, key in reversed(self.recent)
            if turn - seen_turn <= PRONOUN_WINDOW * 2
            and key != "therapist"
            and (self.persons[key].gender or seen_turn == turn)
        ]
        if gender:
            candidates = [p for p in window if p.gender in (gender, "")]
        else:
            candidates = [p for p in window if not p.gender]  # "they" for one person
        if not candidates:
            return None
        person = candidates[0]
        if gender and not person.gender and person.key[:1].isupper():
            person.gender = gender
        return self._make(turn, token, person.key, "pronoun")

    def _name(self, turn: int, token: Any) -> Mention | None:
        lemma = token.lemma_.lower()
        if lemma in self.lexicon.names_for_parents or lemma in self.lexicon.nouns:
            return self._noun(turn, token)
        if token.ent_type_ in NON_PERSON_ENTITIES or lemma in NOT_NAMES:
            return None
        if not token.text[:1].isupper() or (
            token.dep_ == "compound" and token.head.pos_ == "PROPN"
        ):
            return None
        key = token.text
        linked = _linked_noun(token, self.lexicon)
        category = self.lexicon.nouns[linked][0] if linked else "other"
        gender = self.lexicon.nouns[linked][1] if linked else ""
        person = self.persons.setdefault(key, Person(key, category, gender))
        if linked and person.category == "other":
            person.category, person.gender = category, gender or person.gender
        if person.category not in ("other", "therapist"):
            self.aliases[person.category] = key
        return self._make(turn, token, key, "name")

    def _noun(self, turn: int, token: Any) -> Mention | None:
        lemma = token.lemma_.lower()
        if lemma not in self.lexicon.nouns or token.tag_ in ("NNS", "NNPS"):
            return None
        possessed = any(c.dep_ == "poss" and c.lower_ in ("my", "our") for c in token.children)
        as_name = lemma in self.lexicon.names_for_parents and not any(
            c.dep_ in ("det", "poss") and c.lower_ not in ("my", "our") for c in token.children
        )
        named = (
            any(c.dep_ in LINK_DEPS and c.pos_ == "PROPN" for c in token.children)
            or (token.dep_ in LINK_DEPS and token.head.pos_ == "PROPN")
            or _appositive_before(token)
        )
        if named or not (possessed or as_name):
            return None  # the name carries the mention, or not a specific person
        if (
            token.dep_ == "poss"
            and token.head.pos_ == "NOUN"
            and token.head.lemma_ not in self.lexicon.nouns
        ):
            return None  # "my cousin's wedding": about the thing, not the person
        category, gender = self.lexicon.nouns[lemma]
        key = self.aliases.get(category, category if category != "other" else lemma)
        self.persons.setdefault(key, Person(key, category, gender))
        return self._make(turn, token, key, "noun")


def _linked_noun(token: Any, lexicon: PeopleLexicon) -> str | None:
    """The person noun joined to a name by apposition or compound ("Marcia, my sponsor")."""
    near = [c for c in token.children if c.dep_ in LINK_DEPS]
    if token.dep_ in LINK_DEPS:
        near.append(token.head)
    following = _appositive_after(token)
    if following is not None:
        near.append(following)
    for other in near:
        lemma = other.lemma_.lower()
        if lemma in lexicon.nouns:
            return lemma
    return None


def _reported(token: Any, verbs: frozenset[str]) -> bool:
    """Is ``token`` inside speech the client reports ("I said I need you to ...")?"""
    head = token.head
    for ancestor in head.ancestors:
        if ancestor.lemma_.lower() in verbs and any(
            c.dep_ in ("nsubj", "nsubjpass") and c.lower_ != "you" for c in ancestor.children
        ):
            return True
    return False


def _appositive_after(name: Any) -> Any | None:
    """The noun in "NAME, my NOUN" (spaCy does not always parse it as an apposition)."""
    doc = name.doc
    window = doc[name.i + 1 : name.i + 4]
    if len(window) == 3 and window[0].text == "," and window[1].lower_ in ("my", "our"):
        return window[2]
    return None


def _appositive_before(noun: Any) -> bool:
    """Is ``noun`` the NOUN of "NAME, my NOUN"?"""
    doc = noun.doc
    if noun.i < 3:
        return False
    name, comma, poss = doc[noun.i - 3], doc[noun.i - 2], doc[noun.i - 1]
    return name.pos_ == "PROPN" and comma.text == "," and poss.lower_ in ("my", "our")


def _generic(sentence: str) -> bool:
    """A generic "you" ("when you're low you ..."), by the transference detector's rules."""
    rules = tuple(rules_from(load_data("transference.toml"), "generic"))
    fillers = ("you know", "thank you")  # handled word by word in PeopleTracker._you
    return any(
        sentence[m.start : m.end].lower() not in fillers for m in find_matches(rules, sentence)
    )
