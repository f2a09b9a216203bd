"""Booking: weekly series, single sessions, and changes to one occurrence.

Every function checks everything before it saves anything, so a refused booking leaves
the calendar as it was. Occurrences are generated :data:`HORIZON_WEEKS` ahead and
extended later by :func:`extend_series` (the ``extend_appointment_series`` command).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from talkingcure.accounts.models import User
from talkingcure.clients.models import Client
from talkingcure.scheduling.conflicts import refuse_clashes
from talkingcure.scheduling.models import (
    MAX_SESSION_MINUTES,
    MIN_SESSION_MINUTES,
    Appointment,
    AppointmentSeries,
    Room,
)
from talkingcure.scheduling.recurrence import WeeklyRule, occurrence_starts
from talkingcure.scheduling.zones import clinic_zone, end_not_after_start, zone

HORIZON_WEEKS: int = settings.SCHEDULE_HORIZON_WEEKS
MAX_COUNT = 520  # ten years of weekly sessions

NO_END_MESSAGE = (
    "A weekly series needs an end date or a number of sessions; a series with neither "
    "would never end."
)
BOTH_ENDS_MESSAGE = "Give either an end date or a number of sessions, not both."


@dataclass(frozen=True)
class SeriesRequest:
    client: Client
    clinician: User
    room: Room | None
    starts_on: datetime.date
    weekday: int
    local_time: datetime.time
    time_zone: str = ""
    minutes: int = 50
    ends_on: datetime.date | None = None
    count: int | None = None
    client_time_zone: str = ""


def check_minutes(minutes: int) -> None:
    if not MIN_SESSION_MINUTES <= minutes <= MAX_SESSION_MINUTES:
        raise ValidationError(
            f"A session lasts {MIN_SESSION_MINUTES} to {MAX_SESSION_MINUTES} minutes; "
            f"{minutes} minutes is outside that."
        )


def check_span(start: datetime.datetime, end: datetime.datetime, tz: Any) -> int:
    """Minutes from start to end; refuses an end at or before the start."""
    if end <= start:
        raise ValidationError(end_not_after_start(start, end, tz))
    minutes = int((end - start).total_seconds() // 60)
    check_minutes(minutes)
    return minutes


def _check_series(req: SeriesRequest) -> None:
    if req.ends_on is None and req.count is None:
        raise ValidationError(NO_END_MESSAGE)
    if req.ends_on is not None and req.count is not None:
        raise ValidationError(BOTH_ENDS_MESSAGE)
    if req.count is not None and not 1 <= req.count <= MAX_COUNT:
        raise ValidationError(f"A series has 1 to {MAX_COUNT} sessions.")
    if req.ends_on is not None and req.ends_on < req.starts_on:
        raise ValidationError(
            f"The series ends ({req.ends_on:%d %b %Y}) before it starts ({req.starts_on:%d %b %Y})."
        )
    if not 0 <= req.weekday <= 6:
        raise ValidationError("The weekday must be Monday to Sunday.")
    check_minutes(req.minutes)
    if req.client_time_zone:
        zone(req.client_time_zone)


def _rule(series: AppointmentSeries) -> WeeklyRule:
    return WeeklyRule(
        starts_on=series.starts_on,
        weekday=series.weekday,
        local_time=series.local_time,
        tz=zone(series.time_zone),
        ends_on=series.ends_on,
        count=series.count,
    )


def _horizon(today: datetime.date | None, weeks: int) -> datetime.date:
    return (today or timezone.localdate()) + datetime.timedelta(weeks=weeks)


def _lock(clinician: User, room: Room | None) -> None:
    """Serialise bookings for this therapist and room (row locks on PostgreSQL)."""
    list(User.objects.select_for_update().filter(pk=clinician.pk).values_list("pk", flat=True))
    if room is not None:
        list(Room.objects.select_for_update().filter(pk=room.pk).values_list("pk", flat=True))


@transaction.atomic
def create_series(
    req: SeriesRequest, *, today: datetime.date | None = None, weeks: int = HORIZON_WEEKS
) -> AppointmentSeries:
    """Create the series and its occurrences up to the horizon, or refuse and save nothing."""
    _check_series(req)
    series = AppointmentSeries(
        client=req.client,
        clinician=req.clinician,
        room=req.room,
        starts_on=req.starts_on,
        weekday=req.weekday,
        local_time=req.local_time,
        time_zone=req.time_zone or clinic_zone().key,
        minutes=req.minutes,
        ends_on=req.ends_on,
        count=req.count,
        client_time_zone=req.client_time_zone,
        generated_until=max(_horizon(today, weeks), req.starts_on + datetime.timedelta(days=6)),
    )
    _lock(req.clinician, req.room)
    starts = _planned_starts(series, after=None)
    if not starts:
        raise ValidationError("That series has no session before its end date.")
    series.save()
    _materialise(series, starts)
    return series


def _planned_starts(
    series: AppointmentSeries, *, after: datetime.date | None
) -> list[datetime.datetime]:
    starts = occurrence_starts(_rule(series), after=after, until=series.generated_until)
    length = datetime.timedelta(minutes=series.minutes)
    refuse_clashes(
        clinician=series.clinician,
        room=series.room,
        slots=[(s, s + length) for s in starts],
        tz=zone(series.time_zone),
    )
    return starts


def _materialise(series: AppointmentSeries, starts: list[datetime.datetime]) -> None:
    for start in starts:
        Appointment.objects.create(
            client=series.client,
            clinician=series.clinician,
            room=series.room,
            series=series,
            starts_at=start,
            original_starts_at=start,
            minutes=series.minutes,
            client_time_zone=series.client_time_zone,
        )


@transaction.atomic
def extend_series(
    series: AppointmentSeries, *, today: datetime.date | None = None, weeks: int = HORIZON_WEEKS
) -> int:
    """Generate the occurrences between the old and the new horizon; returns how many."""
    until = _horizon(today, weeks)
    if until <= series.generated_until or series.client.status == Client.Status.DISCHARGED:
        return 0
    if series.ends_on and series.generated_until >= series.ends_on:
        return 0
    done = series.occurrences.count()
    if series.count is not None and done >= series.count:
        return 0
    after = series.generated_until
    series.generated_until = until
    _lock(series.clinician, series.room)
    starts = _planned_starts(series, after=after)
    series.save(update_fields=["generated_until"])
    _materialise(series, starts)
    return len(starts)


@transaction.atomic
def book_single(
    *,
    client: Client,
    clinician: User,
    room: Room | None,
    start: datetime.datetime,
    end: datetime.datetime,
    client_time_zone: str = "",
) -> Appointment:
    tz = clinic_zone()
    minutes = check_span(start, end, tz)
    if client_time_zone:
        zone(client_time_zone)
    _lock(clinician, room)
    refuse_clashes(clinician=clinician, room=room, slots=[(start, end)], tz=tz)
    return Appointment.objects.create(
        client=client,
        clinician=clinician,
        room=room,
        starts_at=start,
        minutes=minutes,
        client_time_zone=client_time_zone,
    )


@transaction.atomic
def move(
    appointment: Appointment,
    *,
    start: datetime.datetime,
    end: datetime.datetime,
    room: Room | None,
) -> Appointment:
    """Move one occurrence (the rest of its series stays where it was)."""
    if appointment.status != Appointment.Status.BOOKED:
        raise ValidationError(
            f"Only a booked session can be moved; this one is “{appointment.get_status_display()}”."
        )
    tz = clinic_zone()
    minutes = check_span(start, end, tz)
    _lock(appointment.clinician, room)
    refuse_clashes(
        clinician=appointment.clinician,
        room=room,
        slots=[(start, end)],
        tz=tz,
        exclude=appointment,
    )
    appointment.starts_at = start
    appointment.minutes = minutes
    appointment.room = room
    appointment.save(update_fields=["starts_at", "minutes", "room"])
    return appointment


@transaction.atomic
def end_series(series: AppointmentSeries, *, last_day: datetime.date) -> int:
    """Stop the series after ``last_day`` (local); removes later sessions still booked.

    Held, cancelled and no-show sessions are kept whatever their date. Returns how many
    booked sessions were removed.
    """
    if last_day < series.starts_on:
        raise ValidationError(
            f"The series starts on {series.starts_on:%d %b %Y}; it cannot end before that."
        )
    tz = zone(series.time_zone)
    cutoff = datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time(), tz)
    later = series.occurrences.filter(starts_at__gte=cutoff, status=Appointment.Status.BOOKED)
    removed = later.count()
    for appointment in later:
        try:
            with transaction.atomic():
                appointment.delete()
        except ProtectedError:  # something (a note) points at it: keep it, cancelled
            appointment.status = Appointment.Status.CANCELLED
            appointment.save(update_fields=["status"])
    series.ends_on = last_day
    series.count = None
    series.save(update_fields=["ends_on", "count"])
    return removed


CHANGEABLE = {
    Appointment.Status.CANCELLED: "cancel",
    Appointment.Status.LATE_CANCELLED: "record a late cancellation for",
    Appointment.Status.MISSED: "record a no-show for",
}


def set_status(
    appointment: Appointment, status: str, *, now: datetime.datetime | None = None
) -> Appointment:
    """Cancel, late-cancel or mark a no-show: one occurrence only."""
    if status not in CHANGEABLE:
        raise ValidationError("Choose cancel, late cancellation or no-show.")
    if appointment.status != Appointment.Status.BOOKED:
        raise ValidationError(
            f"Only a booked session can change like this; this one is "
            f"“{appointment.get_status_display()}”."
        )
    if status == Appointment.Status.MISSED and appointment.starts_at > (now or timezone.now()):
        raise ValidationError("A no-show can only be recorded once the session has begun.")
    appointment.status = status
    appointment.save(update_fields=["status"])
    return appointment


def extend_all_series(weeks: int = HORIZON_WEEKS) -> tuple[int, list[str]]:
    """Top every series up to the horizon; returns sessions added and the series refused."""
    added, problems = 0, []
    for series in AppointmentSeries.objects.select_related("clinician", "room"):
        try:
            added += extend_series(series, weeks=weeks)
        except ValidationError as exc:
            problems.append(f"series {series.public_id}: not extended: {'; '.join(exc.messages)}")
    return added, problems
