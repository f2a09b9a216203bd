from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from talkingcure.crypto.fields import EncryptedDateField, EncryptedTextField


class Client(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        ON_HOLD = "on_hold", "On hold"
        DISCHARGED = "discharged", "Discharged"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    given_name = EncryptedTextField()
    family_name = EncryptedTextField()
    date_of_birth = EncryptedDateField(null=True, blank=True)
    email = EncryptedTextField(blank=True, default="")
    phone = EncryptedTextField(blank=True, default="")
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="clients"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    synthetic = models.BooleanField(default=False, help_text="Demo data, not a real person.")
    created_at = models.DateTimeField(auto_now_add=True)

    @property
    def display_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def in_part2_programme(self) -> bool:
        return any(e.programme.is_part2 for e in self.enrolments.select_related("programme"))

    def __str__(self) -> str:
        return f"client {self.public_id}"


class BreakGlassGrant(models.Model):
    """An administrator's audited, time-limited access to one client's clinical record."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    client = models.ForeignKey(Client, on_delete=models.CASCADE)
    reason = EncryptedTextField()
    at = models.DateTimeField(auto_now_add=True)
    until = models.DateTimeField()
