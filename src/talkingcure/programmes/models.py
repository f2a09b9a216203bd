from __future__ import annotations

import uuid

from django.db import models

from talkingcure.crypto.fields import EncryptedDateField


class Programme(models.Model):
    """A programme the centre runs. Holds no client data."""

    class Kind(models.TextChoices):
        SUBSTANCE_USE = "substance_use", "Substance-use treatment"
        MENTAL_HEALTH = "mental_health", "Mental-health treatment"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    residential = models.BooleanField(default=False)

    @property
    def is_part2(self) -> bool:
        """Records of a substance-use programme fall under US 42 CFR Part 2."""
        return self.kind == self.Kind.SUBSTANCE_USE

    def __str__(self) -> str:
        return self.name


class Enrolment(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="enrolments"
    )
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="enrolments")
    started_on = EncryptedDateField()
    ended_on = EncryptedDateField(null=True, blank=True)
