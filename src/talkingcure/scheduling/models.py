"""Rooms, weekly appointment series, their occurrences, billing codes and calendar-feed links.

Occurrences of a series are real :class:`Appointment` rows, generated a bounded horizon
ahead (see :mod:`talkingcure.scheduling.booking`), so one of them can be moved or cancelled
without touching the rest; each keeps its series and the start the series gave it.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models

from talkingcure.crypto.fields import EncryptedTextField

DEFAULT_SESSION_MINUTES = 50
MIN_SESSION_MINUTES = 45
MAX_SESSION_MINUTES = 60


class Room(models.Model):
    """One of the centre's rooms (or a video room); its name is shown in calendar feeds."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=80, unique=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AppointmentSeries(models.Model):
    """A weekly session at the same local wall-clock time, with an end date or a count."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="series")
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appointment_series"
    )
    room = models.ForeignKey(Room, on_delete=models.PROTECT, null=True, blank=True)
    starts_on = models.DateField(help_text="The first session is on the first weekday from here.")
    weekday = models.PositiveSmallIntegerField()  # 0 = Monday, as datetime.date.weekday()
    local_time = models.TimeField()
    time_zone = models.CharField(max_length=64)  # IANA name; the clinic's zone by default
    minutes = models.PositiveSmallIntegerField(default=DEFAULT_SESSION_MINUTES)
    ends_on = models.DateField(null=True, blank=True)
    count = models.PositiveSmallIntegerField(null=True, blank=True)
    generated_until = models.DateField()
    client_time_zone = EncryptedTextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_on"]

    @property
    def summary(self) -> str:
        """'Weekly on Tuesdays at 10:00 (America/New_York), 50 minutes, 6 sessions'."""
        day = ["Mon", "Tues", "Wednes", "Thurs", "Fri", "Satur", "Sun"][self.weekday]
        end = f"{self.count} sessions" if self.count else f"until {self.ends_on:%d %b %Y}"
        return (
            f"Weekly on {day}days at {self.local_time:%H:%M} ({self.time_zone}), "
            f"{self.minutes} minutes, {end}"
        )

    def __str__(self) -> str:
        return f"series {self.public_id}"


class Appointment(models.Model):
    class Status(models.TextChoices):
        BOOKED = "booked", "Booked"
        ATTENDED = "attended", "Attended"
        CANCELLED = "cancelled", "Cancelled"
        LATE_CANCELLED = "late_cancelled", "Late cancellation"
        MISSED = "missed", "No-show (did not attend)"

    class Billing(models.TextChoices):
        NONE = "", "No code"
        SUGGESTED = "suggested", "Suggested"
        CONFIRMED = "confirmed", "Confirmed by the clinician"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="appointments"
    )
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appointments"
    )
    starts_at = models.DateTimeField(db_index=True)
    minutes = models.PositiveSmallIntegerField(default=DEFAULT_SESSION_MINUTES)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.BOOKED)
    room = models.ForeignKey(
        Room, on_delete=models.PROTECT, null=True, blank=True, related_name="appointments"
    )
    series = models.ForeignKey(
        AppointmentSeries,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="occurrences",
    )
    original_starts_at = models.DateTimeField(null=True, blank=True)
    client_time_zone = EncryptedTextField(blank=True, default="")
    held_started_at = models.DateTimeField(null=True, blank=True)
    held_ended_at = models.DateTimeField(null=True, blank=True)
    billing_code = models.CharField(max_length=20, blank=True, default="")
    billing_status = models.CharField(
        max_length=20, choices=Billing.choices, blank=True, default=Billing.NONE
    )

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "original_starts_at"],
                condition=models.Q(series__isnull=False),
                name="one_occurrence_per_series_slot",
            )
        ]

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.minutes)

    @property
    def is_moved(self) -> bool:
        return self.original_starts_at is not None and self.original_starts_at != self.starts_at

    @property
    def held_minutes(self) -> int | None:
        if self.held_started_at is None or self.held_ended_at is None:
            return None
        return int((self.held_ended_at - self.held_started_at).total_seconds() // 60)

    def __str__(self) -> str:
        return f"appointment {self.public_id}"


class BillingCode(models.Model):
    """The centre's code table: a code applies to a held session of this many minutes."""

    code = models.CharField(max_length=20, unique=True)
    description = models.CharField(max_length=200, blank=True, default="")
    min_minutes = models.PositiveSmallIntegerField()
    max_minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Leave empty for no upper limit."
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["min_minutes", "code"]

    def applies_to(self, minutes: int) -> bool:
        upper_ok = self.max_minutes is None or minutes <= self.max_minutes
        return self.active and self.min_minutes <= minutes and upper_ok

    def __str__(self) -> str:
        return self.code


class CalendarFeedLink(models.Model):
    """A secret, revocable calendar-feed address of one therapist; only its hash is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed_links"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
