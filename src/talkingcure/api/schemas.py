"""What the API accepts and answers (its OpenAPI schema is generated from these).

Request bodies are strict: a value of the wrong JSON type is refused (400), never coerced.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import ConfigDict, Field

from talkingcure.insights.corrections import MAX_NOTE

GroupName = Literal[
    "risk",
    "questions",
    "emotions",
    "catharsis",
    "avoidance",
    "transference",
    "free_association",
    "insight",
    "relationship",
    "triggers",
    "other",
]
AddableGroup = Literal[
    "risk",
    "questions",
    "emotions",
    "catharsis",
    "avoidance",
    "transference",
    "free_association",
    "insight",
    "relationship",
    "triggers",
]
AppointmentStatus = Literal["booked", "attended", "cancelled", "late_cancelled", "missed"]
AnalysisStatus = Literal["queued", "running", "done", "failed"]
FormatName = Literal["txt", "json", "vtt", "srt"]


class StrictIn(Schema):
    model_config = ConfigDict(strict=True)


class ErrorOut(Schema):
    detail: str


class SessionOut(Schema):
    id: uuid.UUID
    client: uuid.UUID
    starts_at: datetime.datetime
    date: datetime.date = Field(description="The session's date in the centre's time zone.")
    minutes: int
    status: AppointmentStatus
    has_transcript: bool | None = Field(
        description="Whether a transcript is attached; null unless you held the session."
    )


class AnalysisBrief(Schema):
    id: uuid.UUID
    status: AnalysisStatus


class TranscriptOut(Schema):
    id: uuid.UUID
    session: uuid.UUID
    uploaded_at: datetime.datetime
    filename: str | None
    format: FormatName
    deleted: bool
    deleted_at: datetime.datetime | None
    analysis: AnalysisBrief | None


class TranscriptIn(StrictIn):
    format: FormatName = Field(description="The engine's transcript format.")
    content: str = Field(min_length=1, description="The transcript text, at most 2 MB.")
    filename: str | None = Field(default=None, max_length=255)


class DeleteIn(StrictIn):
    reason: str = Field(min_length=1, max_length=500, description="Kept, encrypted, and audited.")


class AnalysisOut(Schema):
    id: uuid.UUID
    transcript: uuid.UUID
    status: AnalysisStatus
    progress: int = Field(ge=0, le=100)
    error: str | None = Field(description="The engine's message when the analysis failed.")
    engine_version: str
    attempts: int
    queued_at: datetime.datetime
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None


class EvidenceOut(Schema):
    turn: int
    start: int
    end: int
    quote: str | None = Field(description="The words at the span; null once deleted.")


class FindingOut(Schema):
    key: str
    kind: str
    group: GroupName
    turns: list[int]
    score: float | None
    detector: str | None
    candidate: bool
    explanation: str | None
    evidence: list[EvidenceOut]
    marked_wrong: bool


class FindingsOut(Schema):
    analysis: uuid.UUID
    status: AnalysisStatus
    findings: list[FindingOut] = Field(description="Risk first; empty until the analysis is done.")


class ResultOut(Schema):
    analysis: uuid.UUID
    status: AnalysisStatus
    result: dict[str, Any] | None = Field(
        description="The engine's output (schema talkingcure.analysis/1), null until done."
    )


class AuthorOut(Schema):
    id: uuid.UUID
    name: str


class CorrectionOut(Schema):
    id: uuid.UUID
    action: Literal["wrong", "added"]
    finding: dict[str, Any]
    note: str | None
    author: AuthorOut
    created_at: datetime.datetime


class MarkWrongIn(StrictIn):
    action: Literal["wrong"]
    key: str = Field(min_length=1, max_length=64)
    note: str | None = Field(default=None, max_length=MAX_NOTE)


class AddFindingIn(StrictIn):
    action: Literal["added"]
    group: AddableGroup
    turn: int = Field(ge=0)
    start: int | None = Field(default=None, ge=0)
    end: int | None = Field(default=None, ge=0)
    note: str | None = Field(default=None, max_length=MAX_NOTE)


CorrectionIn = Annotated[MarkWrongIn | AddFindingIn, Field(discriminator="action")]
