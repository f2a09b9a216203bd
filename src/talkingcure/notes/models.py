"""Progress notes (the clinical record) and process notes (the therapist's own, never exported).

Every clinical field of a progress note starts as ``None``, shown as "not assessed", and stays so
until the therapist writes something: nothing is pre-filled with a normal-sounding default.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models

from talkingcure.crypto.fields import EncryptedJSONField, EncryptedTextField

NOT_ASSESSED = "not assessed"
NOT_RATED = "not rated"


class Technique(models.TextChoices):
    FREE_ASSOCIATION = "free_association", "Free association"
    TRANSFERENCE = "transference", "Working with the transference"
    COUNTERTRANSFERENCE = "countertransference", "Use of countertransference"
    AVOIDANCE = "avoidance", "Exploring avoidance of distress"
    CLARIFICATION = "clarification", "Questioning for clarification"
    CATHARSIS = "catharsis", "Catharsis"
    INTERPRETATION = "interpretation", "Interpretation"


# The psychodynamic template, in the order it is written and read.
TEXT_FIELDS: dict[str, str] = {
    "presenting_material": "Presenting material",
    "techniques_other": "Techniques: in your words",
    "themes": "Themes and relationship patterns",
    "transference": "Transference observations",
    "defences": "Defences and avoidance",
    "affect": "Affect",
    "insight": "Insight",
    "risk": "Risk assessment",
    "plan": "Plan",
}
CONTENT_FIELDS = ("techniques", *TEXT_FIELDS)


class NoteLocked(PermissionError):
    """A signed note's content cannot change; later changes are dated addenda."""


class ProgressNote(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SIGNED = "signed", "Signed"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    appointment = models.OneToOneField(
        "scheduling.Appointment", on_delete=models.PROTECT, related_name="progress_note"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="progress_notes"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    presenting_material = EncryptedTextField(null=True, blank=True)
    techniques = EncryptedJSONField(null=True, blank=True)  # list of Technique values
    techniques_other = EncryptedTextField(null=True, blank=True)
    themes = EncryptedTextField(null=True, blank=True)
    transference = EncryptedTextField(null=True, blank=True)
    defences = EncryptedTextField(null=True, blank=True)
    affect = EncryptedTextField(null=True, blank=True)
    insight = EncryptedTextField(null=True, blank=True)
    risk = EncryptedTextField(null=True, blank=True)
    plan = EncryptedTextField(null=True, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    signed_at = models.DateTimeField(null=True, blank=True)
    cosigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cosigned_notes",
    )
    cosigned_at = models.DateTimeField(null=True, blank=True)

    @property
    def is_signed(self) -> bool:
        return self.status == self.Status.SIGNED

    def content(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in CONTENT_FIELDS}

    def is_empty(self) -> bool:
        return all(not value for value in self.content().values())

    def technique_labels(self) -> list[str]:
        labels = dict(Technique.choices)
        return [labels.get(t, t) for t in self.techniques or []]

    def sections(self) -> list[tuple[str, str | None]]:
        """(heading, text or None) for display; None is rendered as "not assessed"."""
        techniques = ", ".join(self.technique_labels()) or None
        rows: list[tuple[str, str | None]] = [("Techniques used", techniques)]
        rows += [(label, getattr(self, name) or None) for name, label in TEXT_FIELDS.items()]
        rows.insert(0, rows.pop(1))  # presenting material first
        return rows

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk:
            self._refuse_change_when_signed()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self.is_signed:
            raise NoteLocked("A signed progress note is part of the record and cannot be deleted.")
        return super().delete(*args, **kwargs)

    def _refuse_change_when_signed(self) -> None:
        stored = type(self).objects.filter(pk=self.pk).first()
        if stored is None or not stored.is_signed:
            return
        changed = [
            n
            for n in (*CONTENT_FIELDS, "status", "signed_at", "author_id")
            if getattr(stored, n) != getattr(self, n)
        ]
        if changed:
            raise NoteLocked(
                f"This note was signed on {stored.signed_at:%Y-%m-%d %H:%M} and is locked; "
                "write a dated addendum instead."
            )

    def __str__(self) -> str:
        return f"progress note {self.public_id}"


class NoteVersion(models.Model):
    """Every saved state of a note, kept: drafts as they were saved, and the signed text."""

    class Kind(models.TextChoices):
        DRAFT = "draft", "Draft saved"
        SIGNED = "signed", "Signed"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    note = models.ForeignKey(ProgressNote, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    saved_at = models.DateTimeField()
    content = EncryptedJSONField()

    class Meta:
        ordering = ["note", "number"]
        constraints = [
            models.UniqueConstraint(fields=["note", "number"], name="notes_version_number_unique")
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk:
            raise NoteLocked("A kept version of a note cannot be changed.")
        super().save(*args, **kwargs)


class Addendum(models.Model):
    """A dated later change to a signed note; append-only."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    note = models.ForeignKey(ProgressNote, on_delete=models.PROTECT, related_name="addenda")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    written_at = models.DateTimeField()
    text = EncryptedTextField()

    class Meta:
        ordering = ["written_at", "pk"]
        verbose_name_plural = "addenda"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk:
            raise NoteLocked("An addendum cannot be changed; write another addendum.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise NoteLocked("An addendum is part of the record and cannot be deleted.")


class Reaction(models.TextChoices):
    """Countertransference dimensions (Betan, Heim, Zittel Conklin & Westen, 2005)."""

    OVERWHELMED = "overwhelmed", "Overwhelmed / disorganised"
    HELPLESS = "helpless", "Helpless / inadequate"
    POSITIVE = "positive", "Positive"
    SPECIAL = "special", "Special / over-involved"
    SEXUALISED = "sexualised", "Sexualised"
    DISENGAGED = "disengaged", "Disengaged"
    PARENTAL = "parental", "Parental / protective"
    CRITICISED = "criticised", "Criticised / mistreated"


RATING_MIN, RATING_MAX = 1, 5


class ProcessNote(models.Model):
    """The therapist's own process note and countertransference ratings for one session.

    Visible only to its author, and to the author's supervisors when the author shares it.
    Never exported: the disclosure gate withholds the "process_notes" category.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    appointment = models.ForeignKey(
        "scheduling.Appointment", on_delete=models.PROTECT, related_name="process_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="process_notes"
    )
    text = EncryptedTextField(null=True, blank=True)
    ratings = EncryptedJSONField(
        null=True, blank=True
    )  # {Reaction value: 1..5}; absent = not rated
    reactions_text = EncryptedTextField(null=True, blank=True)
    shared_with_supervisor = models.BooleanField(default=False)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["appointment", "author"], name="notes_one_process_note_per_author"
            )
        ]

    def rating(self, dimension: str) -> int | None:
        value = (self.ratings or {}).get(dimension)
        return value if isinstance(value, int) else None

    def __str__(self) -> str:
        return f"process note {self.public_id}"
