"""The catalogue of transcript errors: each has a code, names the file and the line or field.

The command line prints ``str(error)``, never a traceback::

    error: session.vtt:14: cue timing "00:00:0x.000 --> 00:00:02.000" is not valid [bad-timing]
"""

from __future__ import annotations

from typing import Any, ClassVar


class TranscriptError(Exception):
    """A transcript that cannot be read or analysed; ``code`` says which kind."""

    code: ClassVar[str] = "transcript"

    def __init__(
        self,
        message: str,
        *,
        file: str = "<memory>",
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.field = field

    @property
    def location(self) -> str:
        if self.line is not None:
            return f"{self.file}:{self.line}"
        if self.field is not None:
            return f"{self.file}: {self.field}"
        return self.file

    def __str__(self) -> str:
        return f"{self.location}: {self.message} [{self.code}]"

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "file": self.file,
            "line": self.line,
            "field": self.field,
            "message": self.message,
        }


class UnreadableFileError(TranscriptError):
    code = "unreadable"


class UnsupportedFormatError(TranscriptError):
    code = "unsupported-format"


class FileTooLargeError(TranscriptError):
    code = "too-large"


class EmptyTranscriptError(TranscriptError):
    code = "empty"


class BinaryFileError(TranscriptError):
    code = "binary"


class EncodingError(TranscriptError):
    code = "encoding"


class NoSpeakerError(TranscriptError):
    """Text before the first ``Speaker:`` label, or a cue/turn without any speaker."""

    code = "no-speaker"


class SingleSpeakerError(TranscriptError):
    code = "single-speaker"


class UnknownSpeakerError(TranscriptError):
    """``--therapist`` or ``--client`` names a speaker who is not in the transcript."""

    code = "unknown-speaker"


class TimingError(TranscriptError):
    code = "bad-timing"


class JSONFormatError(TranscriptError):
    code = "bad-json"


class TurnFieldError(TranscriptError):
    """A turn in a JSON transcript has a missing or wrongly typed field."""

    code = "bad-turn"


class NotEnglishError(TranscriptError):
    code = "not-english"


class GarbledTextError(TranscriptError):
    code = "garbled"


class SubtitleFormatError(TranscriptError):
    """A WebVTT or SubRip file that its parser cannot read."""

    code = "bad-subtitles"
