"""Inquiries. Everything the person wrote or told us is encrypted; applicants to the
substance-use programme are 42 CFR Part 2 records from the moment they arrive."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from talkingcure.crypto.fields import EncryptedJSONField, EncryptedTextField


class Source(models.TextChoices):
    WEB = "web", "Web form"
    PHONE = "phone", "Phone call"
    WALK_IN = "walk_in", "Walk-in"


class Status(models.TextChoices):
    NEW = "new", "New"
    CONTACTED = "contacted", "Contacted"
    SCREENING_BOOKED = "screening_booked", "Screening booked"
    CONVERTED = "converted", "Converted to client"
    REFERRED = "referred", "Referred elsewhere"
    CLOSED = "closed", "Closed"


class AskingFor(models.TextChoices):
    SELF = "self", "Myself"
    OTHER = "other", "Someone else"


class AgeBand(models.TextChoices):
    UNDER_18 = "under_18", "Under 18"
    ADULT = "18_64", "18 to 64"
    OLDER = "65_plus", "65 or older"


class SafeNow(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    UNSURE = "unsure", "I'm not sure"


class Inquiry(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    received_at = models.DateTimeField(db_index=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.WEB)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    # What the person told us (all encrypted).
    asking_for = EncryptedTextField(default=AskingFor.SELF)
    other_agreed = EncryptedTextField(blank=True, default="")
    age_band = EncryptedTextField(blank=True, default="")
    concerns = EncryptedJSONField(default=list, blank=True)
    message = EncryptedTextField(blank=True, default="")
    name = EncryptedTextField(blank=True, default="")
    phone = EncryptedTextField(blank=True, default="")
    email = EncryptedTextField(blank=True, default="")
    contact_by = EncryptedJSONField(default=list, blank=True)  # phone, text, email
    best_time = EncryptedTextField(blank=True, default="")
    safe_to_leave_message = EncryptedTextField(blank=True, default="")
    consent_to_contact = EncryptedTextField(default="no")
    safe_now = EncryptedTextField(blank=True, default="")
    risk_evidence = EncryptedJSONField(default=list, blank=True)
    # Triage and workflow (no client text).
    programme = models.ForeignKey(
        "programmes.Programme", null=True, blank=True, on_delete=models.SET_NULL
    )
    part2 = models.BooleanField(default=False)
    urgent = models.BooleanField(default=False, db_index=True)
    incomplete = models.BooleanField(default=False)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notified_position = models.PositiveSmallIntegerField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)
    first_contact_at = models.DateTimeField(null=True, blank=True)
    client = models.ForeignKey(
        "clients.Client", null=True, blank=True, on_delete=models.SET_NULL, related_name="inquiries"
    )

    class Meta:
        ordering = ["-urgent", "-received_at"]
        verbose_name_plural = "inquiries"


class InquiryEvent(models.Model):
    """Who did what to an inquiry, and when; notes are encrypted."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    note = EncryptedTextField(blank=True, default="")

    class Meta:
        ordering = ["at"]


class RotaEntry(models.Model):
    """The on-call rota: urgent inquiries go to position 1, then escalate down the list."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    position = models.PositiveSmallIntegerField(unique=True)

    class Meta:
        ordering = ["position"]


class SubmissionHit(models.Model):
    """One public submission from an address (kept as a keyed hash), for rate limiting."""

    address_hash = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(db_index=True)
