"""Non-verbal notes inside a turn: ``[crying]``, ``[long silence]``, ``(long pause)``, ``(sighs)``.

Square brackets hold a note when they contain a short phrase (not a timestamp). Round brackets
are ordinary prose too, so they hold a note only when a word in them is a non-verbal cue.
A single capitalised word in square brackets that names no cue, such as ``[NAME]``,
``[REDACTED]`` or ``[CITY]``, is a placeholder left by de-identification: it stands for words
that were said, so it stays part of the text and is not a note. ``[INAUDIBLE]``, ``[LAUGHTER]``
and ``[PAUSE]`` are notes.
"""

from __future__ import annotations

import re

from talkingcure.analysis.transcript import Event

_SQUARE = re.compile(r"\[([^\[\]\d:]{1,60})\]")
_ROUND = re.compile(r"\(([^()]{1,60})\)")
_PLACEHOLDER = re.compile(r"[A-Z][A-Z_]*")
NONVERBAL_WORDS = frozenset(
    [
        "pause",
        "pauses",
        "paused",
        "silence",
        "silent",
        "crying",
        "cries",
        "cry",
        "sobbing",
        "sobs",
        "sob",
        "tearful",
        "tears",
        "teary",
        "laughs",
        "laughing",
        "laughter",
        "laugh",
        "chuckles",
        "sighs",
        "sigh",
        "sighing",
        "inaudible",
        "crosstalk",
        "coughs",
        "cough",
        "sniffs",
        "sniffing",
        "whispers",
        "whispering",
        "shouting",
        "shouts",
        "yells",
        "quietly",
        "quiet",
        "long-pause",
        "unintelligible",
        "voice-breaks",
        "voice",
        "breaks",
        "breaking",
        "shaking",
        "trembling",
    ]
)
MAX_NOTE_WORDS = 6


def find_events(text: str) -> tuple[Event, ...]:
    """Every non-verbal note in ``text`` with its character offsets, in order."""
    events: list[Event] = []
    for match in _SQUARE.finditer(text):
        inner = match.group(1).strip()
        if inner and len(inner.split()) <= MAX_NOTE_WORDS and not is_placeholder(inner):
            events.append(Event(text=inner, start=match.start(), end=match.end()))
    for match in _ROUND.finditer(text):
        inner = match.group(1).strip()
        words = re.findall(r"[a-z-]+", inner.lower())
        if words and len(words) <= MAX_NOTE_WORDS and NONVERBAL_WORDS.intersection(words):
            events.append(Event(text=inner, start=match.start(), end=match.end()))
    return tuple(sorted(events, key=lambda e: e.start))


def is_placeholder(inner: str) -> bool:
    """True for a de-identification placeholder such as ``NAME`` (the text inside brackets)."""
    return bool(_PLACEHOLDER.fullmatch(inner)) and inner.lower() not in NONVERBAL_WORDS
