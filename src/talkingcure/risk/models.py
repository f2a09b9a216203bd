"""Risk flags: one model and one pipeline for every source (see ``raise_flag``)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from talkingcure.crypto.fields import EncryptedJSONField, EncryptedTextField


class Kind(models.TextChoices):
    SUICIDE = "suicide", "Suicide"
    SELF_HARM = "self_harm", "Self-harm"
    HARM_TO_OTHERS = "harm_to_others", "Harm to others"
    SUBSTANCE_USE = "substance_use", "Relapse or substance use"
    OTHER = "other", "Other"


class Source(models.TextChoices):
    CLINICIAN = "clinician", "Raised by a clinician"
    QUESTIONNAIRE = "questionnaire", "Questionnaire answers"
    TRANSCRIPT = "transcript", "Transcript analysis"
    INTAKE = "intake", "Intake"


class Status(models.TextChoices):
    OPEN = "open", "Open"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"


class RiskFlag(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="risk_flags"
    )
    # What kind of risk is itself clinical information about the client: encrypted.
    kind = EncryptedTextField(choices=Kind.choices)
    source = models.CharField(max_length=20, choices=Source.choices)
    # Text, or a JSON object from an automated source (e.g. item scores, an excerpt).
    evidence = EncryptedJSONField()
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    raised_at = models.DateTimeField(db_index=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledgement = EncryptedTextField(blank=True, default="")
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at"]

    @property
    def is_open(self) -> bool:
        return self.status == Status.OPEN

    @property
    def evidence_text(self) -> str:
        """The evidence for reading: text as it is, structured evidence as key: value lines."""
        if isinstance(self.evidence, dict):
            return "\n".join(f"{key}: {value}" for key, value in self.evidence.items())
        if isinstance(self.evidence, list):
            return "\n".join(str(item) for item in self.evidence)
        return str(self.evidence)

    def __str__(self) -> str:
        return f"risk flag {self.public_id}"
