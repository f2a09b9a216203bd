"""One therapist's week as a grid: a column per day, a row per hour, in the clinic's zone."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from talkingcure.scheduling.models import Appointment

FIRST_HOUR = 8
LAST_HOUR = 19  # the last row starts at 19:00


@dataclass
class Entry:
    appointment: Appointment
    local_start: datetime.datetime
    local_end: datetime.datetime
    client_time: str  # the client's own clock, when their zone differs: "Tue 15:00 Europe/London"


@dataclass
class Row:
    hour: int
    cells: list[list[Entry]] = field(default_factory=list)


@dataclass
class Week:
    monday: datetime.date
    days: list[datetime.date]
    rows: list[Row]
    tz: ZoneInfo
    entries: list[Entry]

    @property
    def previous(self) -> datetime.date:
        return self.monday - datetime.timedelta(weeks=1)

    @property
    def next(self) -> datetime.date:
        return self.monday + datetime.timedelta(weeks=1)


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def week_bounds(monday: datetime.date, tz: ZoneInfo) -> tuple[datetime.datetime, datetime.datetime]:
    # Not local_start(): a few zones change their clocks at midnight, and a bound may be lenient.
    start = datetime.datetime.combine(monday, datetime.time(), tzinfo=tz)
    end = datetime.datetime.combine(
        monday + datetime.timedelta(weeks=1), datetime.time(), tzinfo=tz
    )
    return start, end


def client_time(appointment: Appointment, tz: ZoneInfo) -> str:
    """The start on the client's clock, or "" when the client shares the clinic's zone."""
    name = appointment.client_time_zone
    if not name or name == tz.key:
        return ""
    there = appointment.starts_at.astimezone(ZoneInfo(name))
    return f"{there:%a %H:%M} {name}"


def _entry(appointment: Appointment, tz: ZoneInfo) -> Entry:
    return Entry(
        appointment=appointment,
        local_start=appointment.starts_at.astimezone(tz),
        local_end=appointment.ends_at.astimezone(tz),
        client_time=client_time(appointment, tz),
    )


def build_week(monday: datetime.date, appointments: list[Appointment], tz: ZoneInfo) -> Week:
    days = [monday + datetime.timedelta(days=n) for n in range(7)]
    entries = [_entry(a, tz) for a in appointments]
    hours = {e.local_start.hour for e in entries}
    first = min([FIRST_HOUR, *hours])
    last = max([LAST_HOUR, *hours])
    rows = []
    for hour in range(first, last + 1):
        cells = [
            [e for e in entries if e.local_start.date() == day and e.local_start.hour == hour]
            for day in days
        ]
        rows.append(Row(hour=hour, cells=cells))
    return Week(monday=monday, days=days, rows=rows, tz=tz, entries=entries)
