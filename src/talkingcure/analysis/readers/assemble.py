"""Speaker turns as parsed from a file, turned into a checked :class:`Transcript`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from talkingcure.analysis.readers.errors import (
    EmptyTranscriptError,
    SingleSpeakerError,
    UnknownSpeakerError,
)
from talkingcure.analysis.readers.events import find_events
from talkingcure.analysis.roles import decide_roles, match_speaker, role_by_name
from talkingcure.analysis.transcript import Role, Transcript, Turn


@dataclass
class RawTurn:
    speaker: str
    text: str
    start: float | None = None
    end: float | None = None
    line: int | None = None
    role: Role | None = None  # stated in the file (JSON ``role``)


@dataclass(frozen=True)
class ReadOptions:
    therapist: str | None = None
    client: str | None = None
    check_language: bool = True


def assemble(
    raw: list[RawTurn],
    *,
    source: str,
    options: ReadOptions,
    meta: dict[str, Any] | None = None,
    warnings: list[str] | None = None,
) -> Transcript:
    """Decide roles, find non-verbal events, check the language, and build the transcript."""
    raw = [turn for turn in raw if turn.text.strip()]
    if not raw:
        raise EmptyTranscriptError("contains no speaker turns", file=source)
    notes = list(warnings or [])
    speakers = list(dict.fromkeys(turn.speaker for turn in raw))
    therapist = _override(options.therapist, speakers, source, "--therapist")
    client = _override(options.client, speakers, source, "--client")
    given = {turn.speaker: turn.role for turn in raw if turn.role is not None}
    if len(speakers) == 1:
        notes.append(_single_speaker(speakers[0], therapist, client, given, source))
    decision = decide_roles(
        [(turn.speaker, turn.text) for turn in raw],
        therapist=therapist,
        client=client,
        given=given,
    )
    turns = tuple(
        Turn(
            index=i,
            speaker=turn.speaker,
            role=decision.roles[turn.speaker],
            text=turn.text.strip(),
            start=turn.start,
            end=turn.end,
            events=find_events(turn.text.strip()),
            line=turn.line,
        )
        for i, turn in enumerate(raw)
    )
    if options.check_language:
        from talkingcure.analysis.language import check_english

        check_english(_spoken_text(turns), file=source)
    return Transcript(
        turns=turns,
        source=source,
        meta=dict(meta or {}),
        role_note=decision.note,
        warnings=tuple(notes),
    )


def _override(name: str | None, speakers: list[str], source: str, option: str) -> str | None:
    if name is None:
        return None
    found = match_speaker(name, speakers)
    if found is None:
        listed = ", ".join(f"'{s}'" for s in speakers)
        raise UnknownSpeakerError(
            f"{option} {name!r} is not a speaker in this transcript (speakers: {listed})",
            file=source,
        )
    return found


def _single_speaker(
    speaker: str,
    therapist: str | None,
    client: str | None,
    given: dict[str, Role],
    source: str,
) -> str:
    """One speaker: analysed with a warning if the role is known, refused otherwise."""
    role = (
        "therapist"
        if therapist
        else "client"
        if client
        else given.get(speaker) or role_by_name(speaker)
    )
    if role is None:
        raise SingleSpeakerError(
            f"has only one speaker ('{speaker}') whose role cannot be told from the name; "
            "give --therapist or --client, or add the other speaker's turns",
            file=source,
        )
    return (
        f"only one speaker ('{speaker}', the {role}): analysed alone; anything that needs "
        "both sides (questions and the answers to them, avoidance after an invitation) "
        "cannot be detected"
    )


def _spoken_text(turns: tuple[Turn, ...]) -> str:
    parts: list[str] = []
    for turn in turns:
        text = turn.text
        for event in reversed(turn.events):
            text = text[: event.start] + " " + text[event.end :]
        parts.append(text)
    return "\n".join(parts)
