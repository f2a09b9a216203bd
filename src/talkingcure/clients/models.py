from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models

from talkingcure.crypto.fields import EncryptedDateField, EncryptedJSONField, EncryptedTextField


class Concern(models.TextChoices):
    """The conditions the practice treats; several may apply."""

    DEPRESSION = "depression", "Depression"
    ANXIETY = "anxiety", "Anxiety"
    PTSD = "ptsd", "Post-traumatic stress"
    DISTRESS = "distress", "Psychological distress"
    SUBSTANCE_USE = "substance_use", "Drug or alcohol use"
    EATING = "eating", "Eating disorder"
    INTERPERSONAL = "interpersonal", "Interpersonal or relationship problems"
    PERSONALITY = "personality", "Personality disorder"


class Sex(models.TextChoices):
    """Sex as some questionnaires score by it (e.g. AUDIT-C); gender identity is separate."""

    FEMALE = "female", "Female"
    MALE = "male", "Male"
    INTERSEX = "intersex", "Intersex"
    NOT_RECORDED = "not_recorded", "Not recorded"


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
    sex = EncryptedTextField(choices=Sex.choices, default=Sex.NOT_RECORDED)
    gender_identity = EncryptedTextField(blank=True, default="")
    pronouns = EncryptedTextField(blank=True, default="")
    emergency_contact = EncryptedTextField(blank=True, default="", help_text="Name and phone.")
    guardian = EncryptedTextField(
        blank=True, default="", help_text="For a minor: name, relationship and phone."
    )
    concerns = EncryptedJSONField(default=list, blank=True)  # list of Concern values
    concerns_other = EncryptedTextField(blank=True, default="")
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="clients"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    status_since = models.DateField(null=True, blank=True)
    status_reason = EncryptedTextField(blank=True, default="")
    synthetic = models.BooleanField(default=False, help_text="Demo data, not a real person.")
    created_at = models.DateTimeField(auto_now_add=True)

    @property
    def display_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def is_minor(self) -> bool:
        if self.date_of_birth is None:
            return False
        today = datetime.date.today()
        born = self.date_of_birth
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        return age < 18

    @property
    def concern_labels(self) -> list[str]:
        labels = dict(Concern.choices)
        return [labels.get(c, c) for c in self.concerns or []]

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
