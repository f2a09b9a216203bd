"""WebVTT transcripts (video-call and transcription exports), read with webvtt-py.

Speakers come from voice tags (``<v Anna>Hello</v>``, several per cue allowed) or from
``Name:`` prefixes. Every cue-timing line is checked first, so broken timing is reported with
its line number (webvtt-py itself skips such cues silently).
"""

from __future__ import annotations

import re

from talkingcure.analysis.readers.assemble import RawTurn
from talkingcure.analysis.readers.cues import Cue, merge_cues
from talkingcure.analysis.readers.errors import SubtitleFormatError, TimingError

_TIME = r"(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})"
_TIMING = re.compile(r"^\s*" + _TIME + r"[ \t]+-->[ \t]+" + _TIME + r"(?:[ \t]+.*)?$")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+([^>]+)>(.*?)(?=</v>|<v[\s.]|$)", re.DOTALL)


def parse_vtt(text: str, *, source: str) -> list[RawTurn]:
    import webvtt
    from webvtt.errors import MalformedFileError

    lines = _timing_lines(text, source)
    try:
        captions = list(webvtt.from_string(text).captions)
    except (MalformedFileError, ValueError, IndexError, AttributeError) as exc:
        raise SubtitleFormatError(
            f"is not a valid WebVTT file ({exc or 'it must start with the line WEBVTT'})",
            file=source,
        ) from exc
    cues: list[Cue] = []
    for n, caption in enumerate(captions):
        line = lines[n] if len(lines) == len(captions) else None
        start, end = _seconds(caption.start), _seconds(caption.end)
        cues.extend(_voices(caption.raw_text, start, end, line))
    return merge_cues(cues, source=source)


def _timing_lines(text: str, source: str) -> list[int]:
    """Line numbers of the cue timings; raises ``TimingError`` on the first broken one."""
    found: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if "-->" not in line:
            continue
        match = _TIMING.match(line)
        if match is None:
            raise TimingError(f"cue timing {line.strip()!r} is not valid", file=source, line=number)
        found.append(number)
    return found


def _seconds(stamp: str) -> float:
    match = re.fullmatch(_TIME, stamp.strip())
    if match is None:
        return 0.0
    hours, minutes, seconds, millis = match.groups()
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


def _voices(raw: str, start: float, end: float, line: int | None) -> list[Cue]:
    voices = list(_VOICE.finditer(raw))
    if not voices:
        return [Cue(text=raw, start=start, end=end, line=line)]
    cues = []
    head = raw[: voices[0].start()].strip()
    if head:
        cues.append(Cue(text=head, start=start, end=end, line=line))
    for match in voices:
        name = " ".join(match.group(1).split())
        cues.append(Cue(text=match.group(2), start=start, end=end, line=line, speaker=name))
    return cues
