"""``talkingcure.free_association.v1``: long, loosely connected, self-directed client speech.

A client turn is labelled when it is long (``min_words``, ``min_sentences`` in
``data/free_association.toml``) and its adjacent sentences share few content lemmas (mean Jaccard
overlap at most ``max_cohesion``): the topic moves within the turn. An invitation to say whatever
comes to mind lowers the length needed. Consecutive labelled turns, separated only by short
therapist turns ("Mm", "Go on"), form one ``free_association_stretch`` finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, ClassVar

from talkingcure.analysis.detectors.phrase_rules import load_data
from talkingcure.analysis.detectors.turn_context import has_label, previous_therapist_turn
from talkingcure.analysis.findings import Evidence, Finding
from talkingcure.analysis.registry import register
from talkingcure.analysis.state import AnalysisState

LABEL = "free_association"
CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ"})


@dataclass(frozen=True)
class Settings:
    min_words: int
    min_words_invited: int
    min_sentences: int
    max_cohesion: float
    max_interruption_words: int
    invitation_labels: tuple[str, ...]
    invitation_patterns: tuple[re.Pattern[str], ...]


_SETTINGS: Settings | None = None


def settings() -> Settings:
    global _SETTINGS
    if _SETTINGS is None:
        data = load_data("free_association.toml")
        _SETTINGS = Settings(
            min_words=int(data["min_words"]),
            min_words_invited=int(data["min_words_invited"]),
            min_sentences=int(data["min_sentences"]),
            max_cohesion=float(data["max_cohesion"]),
            max_interruption_words=int(data["max_interruption_words"]),
            invitation_labels=tuple(data["invitation_labels"]),
            invitation_patterns=tuple(
                re.compile(p, re.IGNORECASE) for p in data["invitation_patterns"]
            ),
        )
    return _SETTINGS


def cohesion(doc: Any) -> float:
    """Mean Jaccard overlap of content lemmas between adjacent sentences (1.0 if < 2 sentences)."""
    bags = [
        {t.lemma_.lower() for t in sent if t.pos_ in CONTENT_POS and not t.is_stop and t.is_alpha}
        for sent in doc.sents
    ]
    bags = [bag for bag in bags if bag]
    if len(bags) < 2:
        return 1.0
    overlaps = [len(a & b) / len(a | b) for a, b in pairwise(bags)]
    return sum(overlaps) / len(overlaps)


@register
class FreeAssociationDetector:
    name: ClassVar[str] = "talkingcure.free_association.v1"
    version: ClassVar[str] = "1.0.0"
    requires: ClassVar[tuple[str, ...]] = ("docs",)
    assigns: ClassVar[tuple[str, ...]] = (f"label:{LABEL}", "finding:free_association_stretch")
    candidate_labels: ClassVar[tuple[str, ...]] = (LABEL, "free_association_stretch")

    def initialize(self) -> None:
        settings()

    def __call__(self, state: AnalysisState) -> None:
        labelled = [
            turn.index
            for turn in state.transcript.turns
            if turn.is_client and turn.index < len(state.docs) and self._label(state, turn.index)
        ]
        for stretch in _stretches(state, labelled):
            state.add_finding(_finding(state, stretch))

    def _label(self, state: AnalysisState, index: int) -> bool:
        conf = settings()
        doc = state.docs[index]
        words = sum(1 for t in doc if t.is_alpha)
        sentences = sum(1 for _ in doc.sents)
        invited = _invited(state, index)
        needed = conf.min_words_invited if invited else conf.min_words
        if words < needed or sentences < conf.min_sentences:
            return False
        value = cohesion(doc)
        if value > conf.max_cohesion:
            return False
        length = min(1.0, words / (2 * needed))
        score = round(0.4 + 0.3 * length + 0.3 * (1 - value / conf.max_cohesion), 4)
        state.add_label(index, LABEL, score, [state.evidence_span(index)])
        return True


def _invited(state: AnalysisState, index: int) -> bool:
    conf = settings()
    previous = previous_therapist_turn(state, index)
    if previous is None:
        return False
    if has_label(state, previous, conf.invitation_labels):
        return True
    text = state.transcript.turns[previous].text
    return any(p.search(text) for p in conf.invitation_patterns)


def _stretches(state: AnalysisState, labelled: list[int]) -> list[list[int]]:
    """Group labelled client turns separated only by short therapist turns."""
    conf = settings()
    groups: list[list[int]] = []
    for index in labelled:
        if groups and _only_short_interruptions(state, groups[-1][-1], index, conf):
            groups[-1].append(index)
        else:
            groups.append([index])
    return groups


def _only_short_interruptions(
    state: AnalysisState, first: int, second: int, conf: Settings
) -> bool:
    between = state.transcript.turns[first + 1 : second]
    return all(
        turn.is_therapist and len(turn.text.split()) <= conf.max_interruption_words
        for turn in between
    )


def _finding(state: AnalysisState, stretch: list[int]) -> Finding:
    turns = tuple(range(stretch[0], stretch[-1] + 1))
    evidence: list[Evidence] = [state.evidence_span(i) for i in stretch]
    scores = [state.turns[i].labels[LABEL] for i in stretch]
    invited = any(_invited(state, i) for i in stretch)
    how = " after an invitation to say whatever comes to mind" if invited else ""
    return Finding(
        kind="free_association_stretch",
        turns=turns,
        score=max(scores),
        detector=FreeAssociationDetector.name,
        evidence=tuple(evidence),
        explanation=(
            f"{len(stretch)} long, loosely connected client turn(s){how}, "
            "with topic shifts inside the turn and few therapist interruptions."
        ),
        candidate=True,
    )
