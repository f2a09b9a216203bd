"""``talkingcure.emotions.v1``: emotion scores, emotion labels and intensity per client turn.

Emotions: the six Ekman groups of GoEmotions (anger, disgust, fear, joy, sadness, surprise),
scored by the trained head in :mod:`emotion_model`. A short turn (up to ``long_words`` words,
like the comments the model was trained on) is scored as a whole; a long turn is scored
sentence by sentence and takes each group's highest sentence score. The label
``emotion.<group>`` is assigned when the score reaches the group's threshold (tuned by
cross-validation on GoEmotions train). The evidence is the sentence that scores highest for
the group. Bracketed non-verbal notes are not scored as
words; a crying note lifts ``sadness`` to its threshold (evidence: the note itself).

Intensity in [0, 1] per client turn, from the sentence that is most intense::

    sentence = 0.45 * |VADER compound| + 0.35 * max emotion probability + 0.20 * emphasis
    emphasis = min(1, (exclamation marks + ALL-CAPS words + VADER intensifiers) / 3)
    turn     = min(1, max over sentences + max boost of the turn's non-verbal notes)

Boosts come from ``data/affect.toml`` (sobbing 0.40, crying 0.30, shouting 0.30 ...).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar, Protocol

import numpy as np
from vaderSentiment.vaderSentiment import BOOSTER_DICT

from talkingcure.analysis.detectors.emotion_model import GROUPS, load_model, vader
from talkingcure.analysis.findings import Evidence
from talkingcure.analysis.registry import register
from talkingcure.analysis.state import AnalysisState
from talkingcure.analysis.transcript import Event, Turn

AFFECT_PATH = Path(__file__).resolve().parent / "data" / "affect.toml"
NEGATIVE_GROUPS: tuple[str, ...] = ("anger", "disgust", "fear", "sadness")
_CAPS = re.compile(r"\b[A-Z]{2,}\b")
_WORD = re.compile(r"[a-z']+")
_NOT_SHOUTED = frozenset({"OK", "TV", "UK", "US", "USA", "ADHD", "OCD", "PTSD", "GP", "AA", "NA"})


class EmotionScorer(Protocol):
    """What the component needs of a model: group probabilities and a threshold per group."""

    @property
    def thresholds(self) -> dict[str, float]: ...

    def predict_proba(self, texts: list[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class Cue:
    name: str
    words: frozenset[str]
    boost: float
    distress: bool


@lru_cache(maxsize=1)
def affect_cues() -> tuple[tuple[Cue, ...], int]:
    """The non-verbal cues and the emphasis saturation count from ``data/affect.toml``."""
    data = tomllib.loads(AFFECT_PATH.read_text(encoding="utf-8"))
    cues = tuple(
        Cue(c["name"], frozenset(c["words"]), float(c["boost"]), bool(c["distress"]))
        for c in data["cue"]
    )
    return cues, int(data["emphasis"]["saturation"])


def event_cues(events: tuple[Event, ...]) -> list[tuple[Event, Cue]]:
    """Each non-verbal note of a turn paired with the cue it names (notes without one dropped)."""
    cues, _ = affect_cues()
    found = []
    for event in events:
        words = set(re.findall(r"[a-z-]+", event.text.lower()))
        for cue in cues:
            if cue.words & words:
                found.append((event, cue))
                break
    return found


def emphasis(text: str) -> float:
    """0-1: exclamation marks, shouted (ALL-CAPS) words and intensifiers in ``text``."""
    _, saturation = affect_cues()
    caps = [w for w in _CAPS.findall(text) if w not in _NOT_SHOUTED]
    boosters = [w for w in _WORD.findall(text.lower()) if w in BOOSTER_DICT]
    count = text.count("!") + len(caps) + len(boosters)
    return min(1.0, count / saturation)


def sentence_intensity(text: str, max_probability: float) -> float:
    compound = abs(vader().polarity_scores(text)["compound"]) if text.strip() else 0.0
    return 0.45 * compound + 0.35 * max_probability + 0.20 * emphasis(text)


def blank_events(text: str, events: tuple[Event, ...]) -> str:
    """``text`` with its non-verbal notes replaced by spaces (offsets stay the same)."""
    chars = list(text)
    for event in events:
        for i in range(max(0, event.start), min(len(chars), event.end)):
            chars[i] = " "
    return "".join(chars)


def sentence_spans(state: AnalysisState, index: int) -> list[tuple[int, int]]:
    """Character spans of the sentences of turn ``index`` (the whole turn without a parse)."""
    text = state.transcript.turns[index].text
    doc = state.docs[index] if index < len(state.docs) else None
    spans: list[tuple[int, int]] = []
    if doc is not None and (doc.has_annotation("SENT_START") or len(doc) <= 1):
        spans = [(s.start_char, s.end_char) for s in doc.sents]
    spans = spans or [(0, len(text))]
    return [(a, b) for a, b in spans if text[a:b].strip()] or [(0, len(text))]


@register
class Emotions:
    """Emotion scores and labels (six Ekman groups) and intensity for client turns."""

    name: ClassVar[str] = "talkingcure.emotions.v1"
    version: ClassVar[str] = "1.0.0"
    requires: ClassVar[tuple[str, ...]] = ("docs",)
    assigns: ClassVar[tuple[str, ...]] = (
        "emotions",
        "intensity",
        *(f"label:emotion.{g}" for g in GROUPS),
    )
    # Groups whose F1 on GoEmotions dev is below the 0.58 target (docs/evaluation.md).
    candidate_labels: ClassVar[tuple[str, ...]] = (
        "emotion.anger",
        "emotion.disgust",
        "emotion.surprise",
    )

    def __init__(
        self, *, model_path: str | None = None, min_chars: int = 2, long_words: int = 40
    ) -> None:
        self.model_path = model_path
        self.min_chars = min_chars
        self.long_words = long_words
        self.model_: EmotionScorer | None = None

    def initialize(self) -> None:
        self.model_ = load_model(Path(self.model_path)) if self.model_path else load_model()

    def __call__(self, state: AnalysisState) -> None:
        if self.model_ is None:
            self.initialize()
        assert self.model_ is not None
        turns = [t for t in state.transcript.turns if t.is_client]
        units: list[tuple[int, int, int, str]] = []  # turn, start, end, text to score
        whole: dict[int, str] = {}
        for turn in turns:
            scored = blank_events(turn.text, turn.events)
            for start, end in sentence_spans(state, turn.index):
                piece = scored[start:end].strip()
                if len(piece) >= self.min_chars and re.search(r"\w", piece):
                    units.append((turn.index, start, end, piece))
            if len(scored.split()) <= self.long_words:
                whole[turn.index] = " ".join(scored.split())
        texts = [u[3] for u in units] + list(whole.values())
        probs = self.model_.predict_proba(texts)
        by_turn: dict[int, list[tuple[int, int, str, np.ndarray]]] = {}
        for (index, start, end, piece), row in zip(units, probs[: len(units)], strict=True):
            by_turn.setdefault(index, []).append((start, end, piece, row))
        whole_probs = dict(zip(whole, probs[len(units) :], strict=True))
        for turn in turns:
            self._score_turn(state, turn, by_turn.get(turn.index, []), whole_probs.get(turn.index))

    def _score_turn(
        self,
        state: AnalysisState,
        turn: Turn,
        sentences: list[tuple[int, int, str, Any]],
        whole: Any | None,
    ) -> None:
        """Scores: the whole turn's when it is short, else the highest sentence's."""
        assert self.model_ is not None
        thresholds = self.model_.thresholds
        scores = {g: 0.0 for g in GROUPS}
        best: dict[str, tuple[int, int]] = {}
        peak = 0.0
        for start, end, piece, row in sentences:
            peak = max(peak, sentence_intensity(piece, float(np.max(row))))
            for k, group in enumerate(GROUPS):
                if group not in best or float(row[k]) > scores[group]:
                    scores[group] = float(row[k])
                    best[group] = (start, end)
        if whole is not None and sentences:
            scores = {g: float(whole[k]) for k, g in enumerate(GROUPS)}
        cues = event_cues(turn.events)
        boost = max((cue.boost for _, cue in cues), default=0.0)
        state.turns[turn.index].intensity = round(min(1.0, peak + boost), 4)
        crying = [e for e, cue in cues if cue.distress and cue.name in {"crying", "sobbing"}]
        if crying and scores["sadness"] < thresholds["sadness"]:
            scores["sadness"] = thresholds["sadness"]
            best["sadness"] = (crying[0].start, crying[0].end)
        state.turns[turn.index].emotions = {g: round(s, 4) for g, s in scores.items()}
        for group in GROUPS:
            if group in best and scores[group] >= thresholds[group]:
                start, end = best[group]
                evidence = state.evidence_span(turn.index, start, end)
                state.add_label(turn.index, f"emotion.{group}", scores[group], [_trim(evidence)])


def _trim(evidence: Evidence) -> Evidence:
    """Evidence without leading/trailing whitespace in the quote."""
    quote = evidence.quote
    left = len(quote) - len(quote.lstrip())
    right = len(quote.rstrip())
    return Evidence(
        turn=evidence.turn,
        start=evidence.start + left,
        end=evidence.start + right,
        quote=quote[left:right],
    )
