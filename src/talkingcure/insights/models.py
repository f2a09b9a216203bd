"""Session transcripts and the engine's analysis of them.

Both are kept as psychotherapy notes (docs/security.md): apart from the record, visible only to
the treating therapist (not the supervisor, not an administrator's break-glass), never exported
(the disclosure gate withholds "transcripts" and "analyses").
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from talkingcure.crypto.fields import EncryptedJSONField, EncryptedTextField


class TranscriptFormat(models.TextChoices):
    TEXT = "txt", "Plain text"
    JSON = "json", "JSON"
    VTT = "vtt", "WebVTT"
    SRT = "srt", "SubRip"


class Transcript(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    appointment = models.ForeignKey(
        "scheduling.Appointment", on_delete=models.PROTECT, related_name="transcripts"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="transcripts"
    )
    uploaded_at = models.DateTimeField()
    filename = EncryptedTextField(null=True, blank=True)  # None when pasted
    fmt = models.CharField(max_length=8, choices=TranscriptFormat.choices)
    content = EncryptedTextField(null=True, blank=True)  # emptied on deletion
    deleted_at = models.DateTimeField(null=True, blank=True)
    deletion_reason = EncryptedTextField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class AnalysisStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class Analysis(models.Model):
    Status = AnalysisStatus

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    transcript = models.OneToOneField(Transcript, on_delete=models.PROTECT, related_name="analysis")
    status = models.CharField(
        max_length=10, choices=AnalysisStatus.choices, default=AnalysisStatus.QUEUED
    )
    attempts = models.PositiveIntegerField(default=0)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)  # 0-100
    error = EncryptedTextField(null=True, blank=True)  # the engine's message
    result = EncryptedJSONField(null=True, blank=True)  # the engine's to_dict()
    engine_version = models.CharField(max_length=40, blank=True, default="")
    config_hash = models.CharField(max_length=64, blank=True, default="")
    queued_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="insights_status_hb")]


class CorrectionAction(models.TextChoices):
    WRONG = "wrong", "Marked wrong by the therapist"
    ADDED = "added", "Added by the therapist"


class Correction(models.Model):
    """A therapist's correction of an analysis: a finding marked wrong, or one they saw added.

    Kept with who and when; never edited (a later correction supersedes an earlier one).
    ``finding`` holds what was corrected: for ``wrong``, the engine's finding as it was
    (kind, detector, turns, evidence, score, its key and the engine version); for ``added``,
    the kind, turns and evidence span the therapist marked. Quotes in it are removed when the
    transcript is deleted, like every other word of the analysis.
    """

    Action = CorrectionAction

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    analysis = models.ForeignKey(Analysis, on_delete=models.PROTECT, related_name="corrections")
    action = models.CharField(max_length=8, choices=CorrectionAction.choices)
    finding = EncryptedJSONField()
    note = EncryptedTextField(null=True, blank=True)  # the therapist's reason, optional
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="corrections"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]
