"""The measures library's own error types: every refusal names the instrument and the items."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from talkingcure.measures.model import CriticalFlag


class MeasuresError(Exception):
    """Base class of every error the measures library raises on purpose."""


class InstrumentFileError(MeasuresError):
    """An instrument data file does not match the schema."""

    def __init__(self, file: str, field: str, message: str) -> None:
        self.file = file
        self.field = field
        self.message = message
        super().__init__(f"{file}: {field}: {message}")


class UnknownInstrumentError(MeasuresError):
    """No instrument with this id is defined."""


class ScoringError(MeasuresError):
    """Answers that cannot be scored. Carries the critical answers seen so far, so that a
    refusal never hides a risk answer (for example PHQ-9 item 9 above zero on a half-filled
    form)."""

    def __init__(
        self, message: str, *, items: tuple[str, ...] = (), critical: tuple[CriticalFlag, ...] = ()
    ) -> None:
        self.items = items
        self.critical = critical
        super().__init__(message)


class IncompleteAnswersError(ScoringError):
    """Items are unanswered and the instrument's own rule does not allow scoring without them."""


class OutOfRangeError(ScoringError):
    """An answer is not one of the item's response values."""


class UnknownItemError(ScoringError):
    """An answer names an item the instrument does not have."""


class ScoringContextError(ScoringError):
    """A scoring option (sex, band scheme) is not valid for this instrument."""
