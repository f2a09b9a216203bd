"""Read transcripts (.txt, .json, .vtt, .srt) into :class:`Transcript` objects.

Every problem with the input raises a :class:`TranscriptError` subclass that names the file and
the line or field; nothing else escapes these functions for bad input.

One speaker only: analysed with a warning when the speaker's role is known (by name, by
``therapist=``/``client=`` or a JSON ``role``); refused with ``SingleSpeakerError`` otherwise.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from talkingcure.analysis.readers.assemble import RawTurn, ReadOptions, assemble
from talkingcure.analysis.readers.decoding import decode_bytes
from talkingcure.analysis.readers.errors import (
    EmptyTranscriptError,
    FileTooLargeError,
    TranscriptError,
    UnreadableFileError,
    UnsupportedFormatError,
)
from talkingcure.analysis.readers.jsonfile import parse_json
from talkingcure.analysis.readers.subrip import parse_srt
from talkingcure.analysis.readers.txt import parse_txt
from talkingcure.analysis.readers.vtt import parse_vtt
from talkingcure.analysis.transcript import Transcript

__all__ = ["FORMATS", "MAX_BYTES", "TranscriptError", "read_text", "read_transcript"]

MAX_BYTES = 20 * 1024 * 1024  # default size cap: a 50-minute transcript is well under 1 MB
FORMATS = ("txt", "json", "vtt", "srt")
_SUFFIXES = {".txt": "txt", ".text": "txt", ".json": "json", ".vtt": "vtt", ".srt": "srt"}


def format_for(path: Path, input_format: str | None = None) -> str:
    """The input format: ``input_format`` if given, else from the file extension."""
    if input_format is not None:
        if input_format not in FORMATS:
            raise UnsupportedFormatError(
                f"unknown input format {input_format!r}; use one of {', '.join(FORMATS)}",
                file=str(path),
            )
        return input_format
    found = _SUFFIXES.get(path.suffix.lower())
    if found is None:
        raise UnsupportedFormatError(
            f"cannot tell the format from the extension {path.suffix or '(none)'!r}; "
            f"use .txt, .json, .vtt or .srt, or --input-format",
            file=str(path),
        )
    return found


def read_transcript(
    path: Path | str,
    *,
    input_format: str | None = None,
    therapist: str | None = None,
    client: str | None = None,
    max_bytes: int = MAX_BYTES,
    check_language: bool = True,
) -> Transcript:
    """Read and check one transcript file."""
    path = Path(path)
    source = str(path)
    fmt = format_for(path, input_format)
    data = _read_bytes(path, max_bytes)
    text, encoding = decode_bytes(data, file=source)
    options = ReadOptions(therapist=therapist, client=client, check_language=check_language)
    transcript = _parse(text, fmt=fmt, source=source, options=options)
    if encoding not in ("utf-8", "ascii"):
        transcript.meta.setdefault("encoding", encoding)
    return transcript


def read_text(
    text: str,
    *,
    input_format: str = "txt",
    source: str = "<memory>",
    therapist: str | None = None,
    client: str | None = None,
    max_bytes: int = MAX_BYTES,
    check_language: bool = True,
) -> Transcript:
    """Parse and check a transcript held in a string."""
    if input_format not in FORMATS:
        raise UnsupportedFormatError(
            f"unknown input format {input_format!r}; use one of {', '.join(FORMATS)}", file=source
        )
    size = len(text.encode("utf-8", errors="replace"))
    if size > max_bytes:
        raise _too_large(source, size, max_bytes)
    options = ReadOptions(therapist=therapist, client=client, check_language=check_language)
    return _parse(text, fmt=input_format, source=source, options=options)


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    source = str(path)
    try:
        if path.is_dir():
            raise UnreadableFileError("is a directory, not a transcript file", file=source)
        size = os.stat(path).st_size
        if size > max_bytes:
            raise _too_large(source, size, max_bytes)
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise UnreadableFileError(f"cannot be read: {exc.strerror or exc}", file=source) from exc
    if len(data) > max_bytes:
        raise _too_large(source, len(data), max_bytes)
    if not data.strip():
        raise EmptyTranscriptError("is empty", file=source)
    return data


def _too_large(source: str, size: int, limit: int) -> FileTooLargeError:
    return FileTooLargeError(
        f"is {size / 1_048_576:.1f} MB, over the {limit / 1_048_576:.0f} MB limit for one "
        "transcript (a 50-minute session is well under 1 MB); split it or raise the limit",
        file=source,
    )


def _parse(text: str, *, fmt: str, source: str, options: ReadOptions) -> Transcript:
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise EmptyTranscriptError("is empty", file=source)
    meta: dict[str, Any] = {}
    if fmt == "json":
        raw, meta = parse_json(text, source=source)
    else:
        raw = _PARSERS[fmt](text, source=source)
    meta = {**meta, "format": fmt}
    return assemble(raw, source=source, options=options, meta=meta)


_PARSERS: dict[str, Callable[..., list[RawTurn]]] = {
    "txt": parse_txt,
    "vtt": parse_vtt,
    "srt": parse_srt,
}
