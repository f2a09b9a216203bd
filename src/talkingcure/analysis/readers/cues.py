"""Timed cues from subtitle files (WebVTT, SubRip) merged into speaker turns.

A cue's speaker comes from a voice tag (``<v Anna>``, read by the VTT reader) or a
``Name:`` prefix; a cue with neither continues the previous speaker's turn. Consecutive cues
of one speaker form one turn, from the first cue's start to the last cue's end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from talkingcure.analysis.readers.assemble import RawTurn
from talkingcure.analysis.readers.errors import NoSpeakerError, TimingError

_PREFIX = re.compile(r"^\s*(?P<name>[^\W\d_][\w.'\u2019 -]{0,39}?)\s*:\s+(?P<text>.*)$", re.DOTALL)
_TAGS = re.compile(r"</?[a-zA-Z][^>]*>")
MAX_NAME_WORDS = 4


@dataclass
class Cue:
    text: str
    start: float
    end: float
    line: int | None
    speaker: str | None = None


def split_prefix(text: str) -> tuple[str | None, str]:
    """``("Anna", "Hello")`` for ``"Anna: Hello"``; ``(None, text)`` without a name prefix."""
    match = _PREFIX.match(text)
    if match is None:
        return None, text
    name = " ".join(match.group("name").split())
    if len(name.split()) > MAX_NAME_WORDS:
        return None, text
    return name, match.group("text")


def strip_tags(text: str) -> str:
    return " ".join(_TAGS.sub("", text).split())


def check_timing(cue: Cue, source: str) -> None:
    if cue.end < cue.start:
        raise TimingError(
            f"cue ends ({cue.end:.3f} s) before it starts ({cue.start:.3f} s)",
            file=source,
            line=cue.line,
        )


def merge_cues(cues: list[Cue], *, source: str) -> list[RawTurn]:
    turns: list[RawTurn] = []
    for cue in cues:
        check_timing(cue, source)
        speaker, text = (cue.speaker, cue.text) if cue.speaker else split_prefix(cue.text)
        text = strip_tags(text)
        if not text:
            continue
        if speaker is None and not turns:
            raise NoSpeakerError(
                "the first cue names no speaker (use a voice tag <v Name> or a 'Name:' prefix)",
                file=source,
                line=cue.line,
            )
        if turns and (speaker is None or speaker == turns[-1].speaker):
            turns[-1].text = f"{turns[-1].text} {text}"
            turns[-1].end = max(turns[-1].end or cue.end, cue.end)
            continue
        assert speaker is not None
        turns.append(RawTurn(speaker, text, start=cue.start, end=cue.end, line=cue.line))
    return turns
