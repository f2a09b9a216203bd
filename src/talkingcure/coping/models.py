"""The coping plan: versioned and signed like the treatment plan (plans.lifecycle).

A trigger enters a version only when the therapist confirms it (from a suggestion, or by
writing it in). Suggestions are kept apart (see ``suggestions.py``); the decision on each
one is a :class:`TriggerDecision`. All clinical text is encrypted.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from talkingcure.crypto.fields import EncryptedJSONField, EncryptedTextField
from talkingcure.plans.models import SignedVersion


class TriggerKind(models.TextChoices):
    """What the trigger is; the same kinds as the engine's ``triggers`` output."""

    PERSON = "person", "A person"
    PLACE = "place", "A place"
    SITUATION = "situation", "A situation"
    ACTIVITY = "activity", "An activity"
    THOUGHT = "thought", "A thought"
    BODILY_STATE = "bodily_state", "A bodily state"
    SUBSTANCE_CUE = "substance_cue", "A substance cue"


class TriggerCategory(models.TextChoices):
    """Why the trigger matters, which decides the approach the plan starts from."""

    SUBSTANCE_CUE = "substance_cue", "Substance cue (alcohol, drugs, places or things of use)"
    USING_CONTACT = "using_contact", "Using contact (a dealer, someone to use with)"
    TRAUMA_REMINDER = "trauma_reminder", "Trauma reminder"
    OTHER = "other", "Other stressor (conflict, loneliness, a thought, tiredness)"


class Approach(models.TextChoices):
    AVOID = "avoid", "Avoid it"
    APPROACH = "approach", "Cope with it and approach it gradually"
    COPE = "cope", "Cope with it when it comes"


class PlanKind(models.TextChoices):
    COPING = "coping", "Coping plan"
    RELAPSE_PREVENTION = "relapse_prevention", "Relapse-prevention plan"


class CopingPlanVersion(SignedVersion):
    """One version of a client's coping (or relapse-prevention) plan."""

    CONTENT_FIELDS = ("triggers", "warning_signs", "strategies", "contacts", "lapse_plan")

    # relapse-prevention for a client in a substance-use programme when the version was started
    # (encrypted: it tells that the client is in a substance-use programme)
    kind = EncryptedTextField(default=PlanKind.COPING.value)
    # [{"id", "trigger", "kind", "category", "approach", "reason", "response", "instead",
    #   "source", "confirmed_by", "confirmed_on"}], every one confirmed by the therapist
    triggers = EncryptedJSONField(default=list, blank=True)
    warning_signs = EncryptedTextField(blank=True, default="")
    strategies = EncryptedTextField(blank=True, default="")
    # [{"name": str, "phone": str, "note": str}]
    contacts = EncryptedJSONField(default=list, blank=True)
    # what to do after a lapse (relapse-prevention plans)
    lapse_plan = EncryptedTextField(blank=True, default="")

    class Meta(SignedVersion.Meta):
        constraints = [
            models.UniqueConstraint(fields=["client", "number"], name="coping_version_once")
        ]

    @property
    def is_relapse_prevention(self) -> bool:
        return self.kind == PlanKind.RELAPSE_PREVENTION

    def emptiness(self) -> str:
        if not self.triggers:
            return "Confirm at least one trigger before signing the plan."
        if not self.strategies.strip():
            return "Write at least one coping strategy before signing the plan."
        if not self.contacts:
            return "Add at least one person to call before signing the plan."
        return ""


class NotedTrigger(models.Model):
    """A possible trigger the clinician noted (e.g. after a session), to explore and confirm.

    Today's only source of suggestions; stored session analyses will be the next one."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="+")
    appointment = models.ForeignKey(
        "scheduling.Appointment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    trigger = EncryptedTextField()
    kind = EncryptedTextField()  # a TriggerKind value
    category = EncryptedTextField()  # a TriggerCategory value
    response = EncryptedTextField(blank=True, default="")
    noted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    noted_at = models.DateTimeField()

    class Meta:
        ordering = ["noted_at"]


class Decision(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed"
    REJECTED = "rejected", "Rejected"


class TriggerDecision(models.Model):
    """The therapist's decision on one suggestion, named by its stable key."""

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=120)
    decision = models.CharField(max_length=10, choices=Decision.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "key"], name="trigger_decided_once")
        ]


class PlanLink(models.Model):
    """A link that shows one signed version to the client: random token, only its hash kept."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = models.ForeignKey(CopingPlanVersion, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    first_opened_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
