"""Questionnaire schedules and administrations. Answers and scores are encrypted."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from talkingcure.crypto.fields import EncryptedJSONField


class MeasureSchedule(models.Model):
    """Send ``instrument_id`` to a client every ``every_days`` days."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="measure_schedules"
    )
    instrument_id = models.CharField(max_length=40)
    every_days = models.PositiveSmallIntegerField()
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)


class Administration(models.Model):
    """One questionnaire given to a client: a single-use link, then answers and a score."""

    class Status(models.TextChoices):
        SENT = "sent", "Sent"
        DRAFT = "draft", "Started"
        COMPLETED = "completed", "Completed"
        REVOKED = "revoked", "Revoked"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="administrations"
    )
    schedule = models.ForeignKey(MeasureSchedule, null=True, blank=True, on_delete=models.SET_NULL)
    instrument_id = models.CharField(max_length=40)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SENT)
    answers = EncryptedJSONField(default=dict, blank=True)
    result = EncryptedJSONField(default=dict, blank=True)

    class Meta:
        ordering = ["created_at"]
