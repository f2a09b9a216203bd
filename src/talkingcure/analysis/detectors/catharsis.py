"""``talkingcure.catharsis.v1``: episodes of rising negative affect, a peak, then release.

Reads the client turns' ``emotions`` and ``intensity`` (from ``talkingcure.emotions.v1``) and
their non-verbal notes. Over client turns only (therapist turns in between are skipped):

1. *negative intensity* of a turn: its intensity when the turn is negative (a distress note
   such as [crying]/[sobbing], or a negative Ekman group at least as strong as joy and >= 0.35),
   else 0;
2. a *peak*: negative intensity >= ``peak_min`` that rose by >= ``rise_min`` over one of the
   previous ``window`` client turns, or that carries a distress note;
3. a *release* within the next ``window`` client turns: release language from
   ``data/catharsis.toml`` ("I feel lighter", "I've never said that out loud"), or a fall in
   negative intensity of >= ``drop_min`` together with positive tone (VADER compound > 0.3);
   continued distress before the release (another peak) extends the episode.

Each episode gives the label ``catharsis`` on its peak turn(s) and on the release turn, and a
finding ``catharsis`` over its client turns, from the rise into the peak to the release. No
human-coded data exist for catharsis, so the label is always a candidate.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import ClassVar

from talkingcure.analysis.detectors.emotion_model import vader
from talkingcure.analysis.detectors.emotions import NEGATIVE_GROUPS, blank_events, event_cues
from talkingcure.analysis.findings import Evidence, Finding
from talkingcure.analysis.registry import register
from talkingcure.analysis.state import AnalysisState
from talkingcure.analysis.transcript import Turn

LEXICON_PATH = Path(__file__).resolve().parent / "data" / "catharsis.toml"


@dataclass(frozen=True)
class ReleasePattern:
    regex: re.Pattern[str]
    negatable: bool


@lru_cache(maxsize=1)
def release_lexicon() -> tuple[tuple[ReleasePattern, ...], frozenset[str], int]:
    """Release patterns, negation words and the negation window from ``data/catharsis.toml``."""
    data = tomllib.loads(LEXICON_PATH.read_text(encoding="utf-8"))
    patterns = tuple(
        ReleasePattern(re.compile(r["pattern"], re.IGNORECASE), bool(r["negatable"]))
        for r in data["release"]
    )
    settings = data["settings"]
    return patterns, frozenset(settings["negations"]), int(settings["negation_window"])


def release_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of un-negated release language in ``text``."""
    patterns, negations, window = release_lexicon()
    spans = []
    for pattern in patterns:
        for match in pattern.regex.finditer(text):
            if pattern.negatable and _negated(text[: match.start()], negations, window):
                continue
            spans.append((match.start(), match.end()))
    return _merge(sorted(spans))


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans joined into one (``feel lighter`` and ``lighter`` -> ``feel lighter``)."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _negated(before: str, negations: frozenset[str], window: int) -> bool:
    words = re.findall(r"[a-z']+", before.lower())[-window:]
    sentence_break = re.search(r"[.!?;]\s*$", before)
    if sentence_break:
        return False
    return any(w in negations or w.endswith("n't") for w in words)


@dataclass(frozen=True)
class ClientTurn:
    index: int
    negative: float  # negative intensity
    distress: tuple[Evidence, ...]
    compound: float


@register
class Catharsis:
    """Catharsis episodes: negative affect rises to a peak and is released."""

    name: ClassVar[str] = "talkingcure.catharsis.v1"
    version: ClassVar[str] = "1.0.0"
    requires: ClassVar[tuple[str, ...]] = ("emotions", "intensity")
    assigns: ClassVar[tuple[str, ...]] = ("label:catharsis", "finding:catharsis")
    candidate_labels: ClassVar[tuple[str, ...]] = ("catharsis",)

    def __init__(
        self,
        *,
        peak_min: float = 0.6,
        rise_min: float = 0.15,
        drop_min: float = 0.3,
        window: int = 3,
    ) -> None:
        self.peak_min = peak_min
        self.rise_min = rise_min
        self.drop_min = drop_min
        self.window = window

    def initialize(self) -> None:
        release_lexicon()

    def __call__(self, state: AnalysisState) -> None:
        client = [self._client_turn(state, t) for t in state.transcript.turns if t.is_client]
        position = 0
        while position < len(client):
            episode = self._episode_from(state, client, position)
            if episode is None:
                position += 1
                continue
            peaks, release, release_evidence, has_words = episode
            self._report(state, client, peaks, release, release_evidence, has_words)
            position = release + 1

    def _client_turn(self, state: AnalysisState, turn: Turn) -> ClientTurn:
        turn_state = state.turns[turn.index]
        emotions = turn_state.emotions
        distress = tuple(
            state.evidence_span(turn.index, e.start, e.end)
            for e, cue in event_cues(turn.events)
            if cue.distress
        )
        negative_score = max((emotions.get(g, 0.0) for g in NEGATIVE_GROUPS), default=0.0)
        is_negative = bool(distress) or (
            negative_score >= 0.35 and negative_score >= emotions.get("joy", 0.0)
        )
        intensity = turn_state.intensity or 0.0
        words = blank_events(turn.text, turn.events)
        compound = vader().polarity_scores(words)["compound"] if words.strip() else 0.0
        return ClientTurn(turn.index, intensity if is_negative else 0.0, distress, compound)

    def _is_peak(self, client: list[ClientTurn], i: int) -> bool:
        turn = client[i]
        if turn.negative < self.peak_min:
            return False
        before = client[max(0, i - self.window) : i]
        rose = any(turn.negative - b.negative >= self.rise_min for b in before)
        return rose or bool(turn.distress)

    def _episode_from(
        self, state: AnalysisState, client: list[ClientTurn], i: int
    ) -> tuple[list[int], int, list[Evidence], bool] | None:
        """Peak positions and the release position of an episode whose first peak is ``i``."""
        if not self._is_peak(client, i):
            return None
        peaks = [i]
        j = i + 1
        while j < len(client) and j - peaks[-1] <= self.window:
            evidence, has_words = self._release_evidence(state, client, peaks, j)
            if evidence:
                return peaks, j, evidence, has_words
            if self._is_peak(client, j) or client[j].distress:
                peaks.append(j)
            j += 1
        return None

    def _release_evidence(
        self, state: AnalysisState, client: list[ClientTurn], peaks: list[int], j: int
    ) -> tuple[list[Evidence], bool]:
        """Evidence of release at client position ``j`` and whether it is release language."""
        turn = client[j]
        text = state.transcript.turns[turn.index].text
        spans = release_spans(text)
        if spans:
            return [state.evidence_span(turn.index, a, b) for a, b in spans], True
        top = max(client[p].negative for p in peaks)
        if top - turn.negative >= self.drop_min and turn.compound > 0.3 and not turn.distress:
            return [state.evidence_span(turn.index)], False
        return [], False

    def _report(
        self,
        state: AnalysisState,
        client: list[ClientTurn],
        peaks: list[int],
        release: int,
        release_evidence: list[Evidence],
        has_words: bool,
    ) -> None:
        peak_turns = [client[p] for p in peaks]
        top = max(t.negative for t in peak_turns)
        first = peaks[0]
        baseline = min(
            (c.negative for c in client[max(0, first - self.window) : first]), default=top
        )
        drop = max(0.0, top - client[release].negative)
        score = min(
            1.0,
            0.4 * top
            + (0.35 if has_words else 0.35 * min(1.0, drop))
            + (0.15 if any(t.distress for t in peak_turns) else 0.0)
            + 0.1 * min(1.0, max(0.0, top - baseline) / 0.5),
        )
        peak_evidence = [self._peak_evidence(state, t) for t in peak_turns]
        for turn in peak_turns:
            state.add_label(turn.index, "catharsis", score, [self._peak_evidence(state, turn)])
        release_index = client[release].index
        state.add_label(release_index, "catharsis", score, release_evidence)
        start = self._rise_start(client, first)
        turns = tuple(c.index for c in client[start : release + 1])
        state.add_finding(
            Finding(
                kind="catharsis",
                turns=turns,
                score=round(score, 4),
                detector=self.name,
                evidence=(*peak_evidence, *release_evidence),
                explanation=_explain(peak_turns, release_index, top, has_words),
                candidate=True,
                extra={"peak_turns": [t.index for t in peak_turns], "release_turn": release_index},
            )
        )

    def _rise_start(self, client: list[ClientTurn], first: int) -> int:
        """The first client turn of the rise into the peak at ``first`` (at most ``window``)."""
        start = first
        while (
            start > 0
            and first - start < self.window
            and 0 < client[start - 1].negative < client[start].negative
        ):
            start -= 1
        return start

    def _peak_evidence(self, state: AnalysisState, turn: ClientTurn) -> Evidence:
        if turn.distress:
            return turn.distress[0]
        for label in ("emotion.sadness", "emotion.fear", "emotion.anger", "emotion.disgust"):
            found = state.turns[turn.index].evidence.get(label)
            if found:
                return found[0]
        return state.evidence_span(turn.index)


def _explain(peaks: list[ClientTurn], release: int, top: float, has_words: bool) -> str:
    where = ", ".join(str(t.index) for t in peaks)
    notes = " with a distress note" if any(t.distress for t in peaks) else ""
    how = "release language" if has_words else "a fall in negative intensity with a positive tone"
    return (
        f"Negative emotional intensity rose to a peak of {top:.2f} at turn {where}{notes}; "
        f"at turn {release} the client shows {how}. Candidate: catharsis has no human-coded "
        "data to measure against."
    )
