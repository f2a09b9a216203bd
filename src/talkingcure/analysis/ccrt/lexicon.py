"""The CCRT data files (``ccrt/data/*.toml``) loaded once per process."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from talkingcure.analysis.ccrt.model import KINDS, Kind


def _load(filename: str) -> dict[str, Any]:
    resource = resources.files("talkingcure.analysis.ccrt").joinpath("data", filename)
    return tomllib.loads(resource.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Entry:
    """Phrases (lemma sequences) that show one cluster of one kind."""

    kind: Kind
    cluster: str
    valence: str
    phrases: tuple[tuple[str, ...], ...]
    negated: tuple[str, str] | None
    source: str


@dataclass(frozen=True)
class PeopleLexicon:
    nouns: dict[str, tuple[str, str]]  # lemma -> (category, gender)
    names_for_parents: frozenset[str]
    pronouns: dict[str, str]  # form -> gender ("" = any)
    fillers: tuple[str, ...]
    reporting_verbs: frozenset[str]


@dataclass(frozen=True)
class ClusterLexicon:
    entries: tuple[Entry, ...]
    wish_verbs: frozenset[str]
    past: tuple[tuple[str, ...], ...]
    recent: tuple[tuple[str, ...], ...]
    generalisation: tuple[tuple[str, ...], ...]
    # (kind, first word of a phrase) -> (entry, phrase) pairs, for a fast look-up per token
    by_first: dict[tuple[str, str], tuple[tuple[Entry, tuple[str, ...]], ...]] = field(
        default_factory=dict
    )

    def __post_init__(self) -> None:
        index: dict[tuple[str, str], list[tuple[Entry, tuple[str, ...]]]] = {}
        for entry in self.entries:
            for phrase in entry.phrases:
                index.setdefault((entry.kind, phrase[0]), []).append((entry, phrase))
        self.by_first.update({key: tuple(items) for key, items in index.items()})

    def first_words(self) -> frozenset[str]:
        return frozenset(word for _, word in self.by_first)


def _phrases(items: list[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(item.lower().split()) for item in items)


@cache
def people() -> PeopleLexicon:
    data = _load("people.toml")
    return PeopleLexicon(
        nouns={lemma: (pair[0], pair[1]) for lemma, pair in data["nouns"].items()},
        names_for_parents=frozenset(data["names_for_parents"]["words"]),
        pronouns=dict(data["pronouns"]),
        fillers=tuple(data["therapist"]["fillers"]),
        reporting_verbs=frozenset(data["therapist"]["reporting_verbs"]),
    )


@cache
def clusters() -> ClusterLexicon:
    data = _load("clusters.toml")
    entries: list[Entry] = []
    for kind in KINDS:
        for item in data[kind]:
            negated = None
            if "negated" in item:
                cluster, _, valence = item["negated"].partition(":")
                negated = (cluster, valence)
            entries.append(
                Entry(
                    kind=kind,
                    cluster=item["cluster"],
                    valence=item["valence"],
                    phrases=_phrases(item["phrases"]),
                    negated=negated,
                    source=item["source"],
                )
            )
    return ClusterLexicon(
        entries=tuple(entries),
        wish_verbs=frozenset(data["wish_verbs"]["lemmas"]),
        past=_phrases(data["time"]["past"]),
        recent=_phrases(data["time"]["recent"]),
        generalisation=_phrases(data["generalisation"]["phrases"]),
    )
