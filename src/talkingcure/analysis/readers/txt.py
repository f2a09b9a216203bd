"""Plain-text transcripts: ``Speaker: text``, one turn per line or paragraph.

- A line that starts with a speaker label opens a turn; other lines continue the previous turn.
- An optional timestamp ``[00:12:31]``, ``[12:31]`` or ``(00:12:31)`` may come before the
  speaker label or right after it; it gives the turn's start (in seconds), and the next timed
  turn's start gives its end.
- Lines starting with ``#`` are comments (e.g. ``# SYNTHETIC transcript``).
- A label counts as a speaker when it is short (at most four words, no sentence punctuation)
  and either is a known role name, occurs at least twice, or the transcript has only one or two
  such labels; so ``He said: go away`` inside a turn stays part of that turn.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass

from talkingcure.analysis.readers.assemble import RawTurn
from talkingcure.analysis.readers.errors import NoSpeakerError
from talkingcure.analysis.roles import role_by_name

_STAMP = r"[\[(](?P<{name}>\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:[.,]\d+)?)[\])]"
_LINE = re.compile(
    r"^\s*(?:" + _STAMP.format(name="pre") + r"\s*)?"
    r"(?P<label>[^\W\d_][\w.'\u2019 -]{0,39}?)\s*"
    r"(?:" + _STAMP.format(name="mid") + r"\s*)?:\s*"
    r"(?:" + _STAMP.format(name="post") + r"\s*)?"
    r"(?P<text>.*)$"
)
MAX_LABEL_WORDS = 4


@dataclass
class _Candidate:
    line: int
    label: str
    stamp: str | None
    text: str


def parse_txt(text: str, *, source: str) -> list[RawTurn]:
    lines = text.splitlines()
    candidates = {i: c for i, c in enumerate(_candidate(n + 1, ln) for n, ln in enumerate(lines))}
    accepted = _accepted_labels([c for c in candidates.values() if c is not None])
    turns: list[RawTurn] = []
    for number, line in enumerate(lines, start=1):
        if line.lstrip().startswith("#") or not line.strip():
            continue
        candidate = candidates[number - 1]
        if candidate is not None and candidate.label in accepted:
            start = _seconds(candidate.stamp) if candidate.stamp else None
            turns.append(RawTurn(candidate.label, candidate.text, start=start, line=number))
        elif turns:
            turns[-1].text = f"{turns[-1].text} {line.strip()}".strip()
        else:
            raise NoSpeakerError(
                "text before the first speaker label; each turn should start with "
                "'Speaker: text' (e.g. 'Therapist: How was your week?')",
                file=source,
                line=number,
            )
    _fill_ends(turns)
    return turns


def _candidate(number: int, line: str) -> _Candidate | None:
    if line.lstrip().startswith("#"):
        return None
    match = _LINE.match(line)
    if match is None:
        return None
    label = " ".join(match.group("label").split())
    if not label or len(label.split()) > MAX_LABEL_WORDS:
        return None
    stamp = match.group("pre") or match.group("mid") or match.group("post")
    return _Candidate(number, label, stamp, match.group("text"))


def _accepted_labels(candidates: list[_Candidate]) -> set[str]:
    counts = Counter(c.label for c in candidates)
    if len(counts) <= 2:
        return set(counts)
    return {
        label for label, count in counts.items() if count >= 2 or role_by_name(label) is not None
    }


def _seconds(stamp: str) -> float:
    parts = [float(p) for p in stamp.replace(",", ".").split(":")]
    seconds = 0.0
    for part in parts:
        seconds = seconds * 60 + part
    return seconds


def _fill_ends(turns: list[RawTurn]) -> None:
    """A timed turn ends where the next timed turn starts (the last one's end stays unknown)."""
    for turn, following in itertools.pairwise(turns):
        if turn.start is not None and following.start is not None and following.start >= turn.start:
            turn.end = following.start
