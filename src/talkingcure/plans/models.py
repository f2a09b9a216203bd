"""Treatment plans and discharge summaries, versioned and signed like progress notes.

A draft can be edited; signing locks a version; a change after signing starts a new draft
version and keeps the signed ones readable. A supervisor of the author can co-sign.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models

from talkingcure.crypto.fields import EncryptedDateField, EncryptedJSONField, EncryptedTextField


class DiagnosisCode(models.Model):
    """One entry of the diagnosis code list the centre supplies (e.g. ICD-10-CM)."""

    code = models.CharField(max_length=20, unique=True)
    description = models.CharField(max_length=500)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.description}"


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SIGNED = "signed", "Signed"


class SignedVersion(models.Model):
    """Fields and rules shared by every versioned, signed clinical document."""

    # The clinical fields copied into a new version when a signed one is changed.
    CONTENT_FIELDS: ClassVar[tuple[str, ...]] = ()

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField()
    status = models.CharField(
        max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    cosigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cosigned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["client", "number"]

    @property
    def is_signed(self) -> bool:
        return self.status == VersionStatus.SIGNED

    def emptiness(self) -> str:
        """Why this version may not be signed yet; empty when it may."""
        raise NotImplementedError


class PlanVersion(SignedVersion):
    """One version of a client's treatment plan."""

    CONTENT_FIELDS = ("problems", "goals", "diagnoses", "interventions", "review_on")

    problems = EncryptedTextField(blank=True, default="")
    # [{"goal": str, "target": str, "by": "YYYY-MM-DD" or ""}]
    goals = EncryptedJSONField(default=list, blank=True)
    # [{"code": str, "description": str}] as the code list read when chosen
    diagnoses = EncryptedJSONField(default=list, blank=True)
    interventions = EncryptedTextField(blank=True, default="")
    # The date of the next review; plain so that reviews due can be listed in SQL.
    review_on = models.DateField(null=True, blank=True)

    class Meta(SignedVersion.Meta):
        constraints = [
            models.UniqueConstraint(fields=["client", "number"], name="plan_version_once")
        ]

    def emptiness(self) -> str:
        if not self.problems.strip():
            return "Name at least one problem before signing the plan."
        if not self.goals:
            return "Add at least one goal with a measurable target before signing the plan."
        if any(not str(g.get("target", "")).strip() for g in self.goals):
            return "Every goal needs a measurable target before the plan can be signed."
        if self.review_on is None:
            return "Set a review date before signing the plan."
        return ""


class DischargeSummary(SignedVersion):
    """The discharge summary at the end of treatment; signing it discharges the client."""

    CONTENT_FIELDS = ("discharged_on", "reason", "course", "outcome", "aftercare")

    discharged_on = EncryptedDateField(null=True, blank=True)
    reason = EncryptedTextField(blank=True, default="")
    course = EncryptedTextField(blank=True, default="")
    outcome = EncryptedTextField(blank=True, default="")
    aftercare = EncryptedTextField(blank=True, default="")

    class Meta(SignedVersion.Meta):
        constraints = [
            models.UniqueConstraint(fields=["client", "number"], name="discharge_version_once")
        ]

    def emptiness(self) -> str:
        if self.discharged_on is None:
            return "Give the discharge date before signing the summary."
        if not self.reason.strip():
            return "Give the reason for discharge before signing the summary."
        if not self.course.strip():
            return "Summarise the course of treatment before signing the summary."
        return ""


class ReviewReminder(models.Model):
    """A reminder sent for one plan review date; makes ``due_reviews`` idempotent."""

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="+")
    review_on = models.DateField()
    sent_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "review_on"], name="review_reminded_once")
        ]
