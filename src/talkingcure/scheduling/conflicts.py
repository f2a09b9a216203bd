"""Double bookings: a therapist or a room already taken at that time.

Messages name the clashing time, never the other client. Cancelled and late-cancelled
sessions free their slot.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError

from talkingcure.scheduling.models import Appointment, Room
from talkingcure.scheduling.zones import describe

FREE_STATUSES = (Appointment.Status.CANCELLED, Appointment.Status.LATE_CANCELLED)
# No booking is longer than this, so older starts cannot overlap.
LONGEST_BOOKING = datetime.timedelta(hours=4)


def _overlapping(
    candidates: Iterable[Appointment], start: datetime.datetime, end: datetime.datetime
) -> list[Appointment]:
    return [a for a in candidates if a.starts_at < end and start < a.ends_at]


def clashes(
    *,
    clinician: Any,
    room: Room | None,
    start: datetime.datetime,
    end: datetime.datetime,
    exclude: Appointment | None = None,
) -> tuple[list[Appointment], list[Appointment]]:
    """(therapist's clashing appointments, room's clashing appointments)."""
    nearby = Appointment.objects.filter(
        starts_at__lt=end, starts_at__gt=start - LONGEST_BOOKING
    ).exclude(status__in=FREE_STATUSES)
    if exclude is not None and exclude.pk:
        nearby = nearby.exclude(pk=exclude.pk)
    mine = _overlapping(nearby.filter(clinician=clinician), start, end)
    in_room = _overlapping(nearby.filter(room=room), start, end) if room else []
    return mine, in_room


def refuse_clashes(
    *,
    clinician: Any,
    room: Room | None,
    slots: list[tuple[datetime.datetime, datetime.datetime]],
    tz: ZoneInfo,
    exclude: Appointment | None = None,
) -> None:
    """Raise one ValidationError listing every clash of these slots, if any."""
    problems: list[str] = []
    for start, end in slots:
        mine, in_room = clashes(
            clinician=clinician, room=room, start=start, end=end, exclude=exclude
        )
        problems += [_therapist_message(a, tz) for a in mine]
        problems += [_room_message(a, room, tz) for a in in_room if a not in mine]
    if problems:
        raise ValidationError(problems)


def _span(appointment: Appointment, tz: ZoneInfo) -> str:
    return f"{describe(appointment.starts_at, tz)} to {appointment.ends_at.astimezone(tz):%H:%M}"


def _therapist_message(appointment: Appointment, tz: ZoneInfo) -> str:
    return f"The therapist already has a session on {_span(appointment, tz)}."


def _room_message(appointment: Appointment, room: Room | None, tz: ZoneInfo) -> str:
    return f"{room} is already booked on {_span(appointment, tz)}."
