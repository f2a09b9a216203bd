"""``talkingcure.summary.v1``: the session as a whole, from the turns and the labels others assign.

- ``speakers``: turns, words and talk-time share per speaker (by words; by time when at least
  80% of turns have a start and an end, over those turns);
- ``duration``: seconds from the first timed start to the last timed end, when timed;
- ``questions``: therapist questions, open and closed, and the open/closed ratio;
- ``emotional_arc``: the client's mean negative (anger, disgust, fear, sadness: the highest of
  the four per turn) and positive (joy) emotion per fifth of the session, from per-turn emotions;
- ``profile``: a psychodynamic-interpersonal profile of the therapist's work in the spirit of the
  Comparative Psychotherapy Process Scale (CPPS, Hilsenroth et al. 2005) psychodynamic-
  interpersonal items; each item lists the turns it rests on, or says "not detected by <detector
  (version)>" when no turn supports it. It counts labelled turns; it is not a CPPS rating.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from talkingcure.analysis.registry import REGISTRY, register
from talkingcure.analysis.state import AnalysisState

NEGATIVE = ("anger", "disgust", "fear", "sadness")
POSITIVE = ("joy",)
FIFTHS = 5
# Talk time by time is given when at least this share of turns has a start and an end
# (a plain-text transcript with timestamps leaves the last turn's end unknown).
MIN_TIMED_SHARE = 0.8

# CPPS psychodynamic-interpersonal items -> the turn labels that show them.
PROFILE_ITEMS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "focus_on_affect",
        "Focus on affect and its expression",
        ("exploration.emotion", "reflection.feeling"),
    ),
    (
        "exploring_avoidance",
        "Exploring avoidance of distressing thoughts and feelings",
        ("exploration.avoidance",),
    ),
    ("recurring_patterns", "Identifying recurring patterns", ("interpretation",)),
    ("past_and_present", "Linking past and present", ("exploration.past",)),
    ("interpersonal_focus", "Interpersonal focus", ("relationship_episode",)),
    (
        "therapeutic_relationship",
        "Focus on the therapeutic relationship",
        ("interpretation.transference",),
    ),
    ("wishes_fantasies_dreams", "Wishes, fantasies and dreams", ("invite.free_association",)),
)


@register
class SessionSummary:
    """Talk time, questions, the emotional arc and a CPPS-style profile for the whole session."""

    name: ClassVar[str] = "talkingcure.summary.v1"
    version: ClassVar[str] = "1.0.0"
    requires: ClassVar[tuple[str, ...]] = ()
    assigns: ClassVar[tuple[str, ...]] = (
        "summary:speakers",
        "summary:duration",
        "summary:questions",
        "summary:emotional_arc",
        "summary:profile",
    )
    candidate_labels: ClassVar[tuple[str, ...]] = ()

    def initialize(self) -> None:
        """Nothing to load."""

    def __call__(self, state: AnalysisState) -> None:
        state.summary["speakers"] = speaker_table(state)
        state.summary["duration"] = duration(state)
        state.summary["questions"] = questions(state)
        state.summary["emotional_arc"] = emotional_arc(state)
        state.summary["profile"] = profile(state)


def _words(text: str) -> int:
    return len(text.split())


def speaker_table(state: AnalysisState) -> dict[str, dict[str, Any]]:
    turns = state.transcript.turns
    table: dict[str, dict[str, Any]] = {}
    for turn in turns:
        row = table.setdefault(
            turn.speaker, {"role": turn.role, "turns": 0, "words": 0, "seconds": 0.0}
        )
        row["turns"] += 1
        row["words"] += _words(turn.text)
        if turn.start is not None and turn.end is not None:
            row["seconds"] += max(turn.end - turn.start, 0.0)
    total_words = sum(row["words"] for row in table.values())
    total_seconds = sum(row["seconds"] for row in table.values())
    timed_turns = sum(1 for t in turns if t.start is not None and t.end is not None)
    timed = bool(turns) and timed_turns >= MIN_TIMED_SHARE * len(turns)
    for row in table.values():
        row["share_words"] = round(row["words"] / total_words, 4) if total_words else None
        row["share_time"] = (
            round(row["seconds"] / total_seconds, 4) if timed and total_seconds else None
        )
        row["seconds"] = round(row["seconds"], 3) if timed else None
    return table


def duration(state: AnalysisState) -> float | None:
    starts = [t.start for t in state.transcript.turns if t.start is not None]
    ends = [t.end if t.end is not None else t.start for t in state.transcript.turns]
    ends_known = [e for e in ends if e is not None]
    if not starts or not ends_known:
        return None
    return round(max(ends_known) - min(starts), 3)


def _detector_for(state: AnalysisState, label: str) -> str | None:
    """``"name (version)"`` of the component that ran and can assign ``label``."""
    for name, version in state.ran.items():
        cls = REGISTRY.get(name)
        if cls is not None and f"label:{label}" in cls.assigns:
            return f"{name} ({version})"
    return None


def _turns_with(state: AnalysisState, labels: Sequence[str], role: str | None) -> list[int]:
    return [
        i
        for i, (turn, turn_state) in enumerate(
            zip(state.transcript.turns, state.turns, strict=True)
        )
        if (role is None or turn.role == role)
        and any(label in turn_state.labels for label in labels)
    ]


def questions(state: AnalysisState) -> dict[str, Any]:
    detector = _detector_for(state, "question")
    if detector is None:
        return {"statement": "not assessed: no detector of questions ran"}
    total = _turns_with(state, ["question"], "therapist")
    open_ = _turns_with(state, ["question.open"], "therapist")
    closed = _turns_with(state, ["question.closed"], "therapist")
    therapist_turns = sum(1 for t in state.transcript.turns if t.role == "therapist")
    return {
        "detector": detector,
        "therapist_turns": therapist_turns,
        "questions": len(total),
        "open": len(open_),
        "closed": len(closed),
        "open_closed_ratio": round(len(open_) / len(closed), 3) if closed else None,
        "open_share": round(len(open_) / (len(open_) + len(closed)), 3)
        if open_ or closed
        else None,
        "turns": total,
    }


def emotional_arc(state: AnalysisState) -> dict[str, Any]:
    n = len(state.transcript.turns)
    client = [
        i
        for i, turn in enumerate(state.transcript.turns)
        if turn.role == "client" and state.turns[i].emotions
    ]
    if not client:
        return {"statement": "not assessed: no per-turn emotions for client turns"}
    fifths: list[dict[str, Any]] = []
    for part in range(FIFTHS):
        members = [i for i in client if i * FIFTHS // n == part]
        negative = [max(state.turns[i].emotions.get(e, 0.0) for e in NEGATIVE) for i in members]
        positive = [max(state.turns[i].emotions.get(e, 0.0) for e in POSITIVE) for i in members]
        fifths.append(
            {
                "fifth": part + 1,
                "client_turns": len(members),
                "negative": round(sum(negative) / len(negative), 4) if members else None,
                "positive": round(sum(positive) / len(positive), 4) if members else None,
                "turns": members,
            }
        )
    return {"fifths": fifths, "negative": list(NEGATIVE), "positive": list(POSITIVE)}


def profile(state: AnalysisState) -> list[dict[str, Any]]:
    therapist_turns = sum(1 for t in state.transcript.turns if t.role == "therapist")
    items = []
    for key, title, labels in PROFILE_ITEMS:
        role = None if labels == ("relationship_episode",) else "therapist"
        turns = _turns_with(state, labels, role)
        detectors = sorted({d for label in labels if (d := _detector_for(state, label))})
        item: dict[str, Any] = {"item": key, "title": title, "labels": list(labels), "turns": turns}
        if turns:
            item["count"] = len(turns)
            item["share_of_therapist_turns"] = (
                round(len(turns) / therapist_turns, 4) if therapist_turns and role else None
            )
        elif detectors:
            item["statement"] = "not detected by " + ", ".join(detectors)
        else:
            item["statement"] = "not assessed: no detector of " + ", ".join(labels) + " ran"
        items.append(item)
    return items
