"""Users and their roles. Staff names are not client data and are stored in the clear."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Administrator"
    CLINICIAN = "clinician", "Clinician"
    SUPERVISOR = "supervisor", "Clinical supervisor"
    INTAKE = "intake", "Intake coordinator"
    RESEARCHER = "researcher", "Researcher"


class User(AbstractUser):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.CLINICIAN)
    # Clinicians whose clients a supervisor may see.
    supervisees = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="supervisors"
    )

    @property
    def is_clinical(self) -> bool:
        return self.role in (Role.CLINICIAN, Role.SUPERVISOR)

    def __str__(self) -> str:
        return self.get_full_name() or self.username
