"""SubRip (``.srt``) transcripts, read with the ``srt`` package; speakers from ``Name:``."""

from __future__ import annotations

import re

from talkingcure.analysis.readers.assemble import RawTurn
from talkingcure.analysis.readers.cues import Cue, merge_cues
from talkingcure.analysis.readers.errors import SubtitleFormatError, TimingError

_TIMING = re.compile(
    r"^\s*\d+:\d{1,2}:\d{1,2}(?:[,.]\d{1,3})?\s*-->\s*\d+:\d{1,2}:\d{1,2}(?:[,.]\d{1,3})?"
)


def parse_srt(text: str, *, source: str) -> list[RawTurn]:
    import srt

    lines = _timing_lines(text, source)
    try:
        subtitles = list(srt.parse(text, ignore_errors=False))
    except (srt.SRTParseError, ValueError, OverflowError) as exc:
        line = _line_of(text, getattr(exc, "actual_start", None))
        raise SubtitleFormatError(
            "is not a valid SubRip file: a subtitle block could not be read "
            "(expected: number, 'HH:MM:SS,mmm --> HH:MM:SS,mmm', text, blank line)",
            file=source,
            line=line,
        ) from exc
    cues = [
        Cue(
            text=sub.content,
            start=sub.start.total_seconds(),
            end=sub.end.total_seconds(),
            line=lines[n] if len(lines) == len(subtitles) else None,
        )
        for n, sub in enumerate(subtitles)
    ]
    return merge_cues(cues, source=source)


def _timing_lines(text: str, source: str) -> list[int]:
    found: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if "-->" in line:
            if _TIMING.match(line) is None:
                raise TimingError(
                    f"subtitle timing {line.strip()!r} is not valid", file=source, line=number
                )
            found.append(number)
    return found


def _line_of(text: str, offset: object) -> int | None:
    if not isinstance(offset, int):
        return None
    return text.count("\n", 0, offset) + 1
