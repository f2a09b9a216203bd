"""Local wall-clock times in IANA time zones, with daylight-saving changes handled explicitly.

- A local time that does not exist (the hour skipped when clocks go forward) is refused
  with :class:`NonexistentLocalTime`; nothing is silently shifted.
- A local time that happens twice (the hour repeated when clocks go back) is resolved to
  its FIRST occurrence, i.e. the earlier instant, still on daylight-saving time
  (``fold=0``). The booking pages say so, so a therapist who means the second 01:30
  books 02:30 minus an hour deliberately; in practice sessions are not booked then.
"""

from __future__ import annotations

import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError

UTC = datetime.UTC


class NonexistentLocalTime(ValidationError):
    """The wall-clock time falls in a daylight-saving gap."""


def clinic_zone() -> ZoneInfo:
    """The centre's time zone: ``TALKINGCURE_TIME_ZONE`` (settings.TIME_ZONE)."""
    return ZoneInfo(settings.TIME_ZONE)


@lru_cache(maxsize=1)
def zone_names() -> frozenset[str]:
    return frozenset(available_timezones())


def zone(name: str) -> ZoneInfo:
    """The zone called ``name``, or a ValidationError saying it is unknown."""
    if name not in zone_names():
        raise ValidationError(
            f"“{name}” is not a time zone name; use a name such as Europe/London or "
            "America/New_York."
        )
    try:
        return ZoneInfo(name)
    except ZoneInfoNotFoundError as exc:  # pragma: no cover - listed but not loadable
        raise ValidationError(f"The time zone “{name}” cannot be loaded.") from exc


def is_ambiguous(day: datetime.date, at: datetime.time, tz: ZoneInfo) -> bool:
    naive = datetime.datetime.combine(day, at)
    return (
        naive.replace(tzinfo=tz, fold=0).utcoffset() != naive.replace(tzinfo=tz, fold=1).utcoffset()
    )


def local_start(day: datetime.date, at: datetime.time, tz: ZoneInfo) -> datetime.datetime:
    """The aware datetime for ``day`` at wall-clock ``at`` in ``tz``.

    Refuses a time in a spring-forward gap; resolves a repeated fall-back time to its
    first (earlier, daylight-saving) occurrence.
    """
    naive = datetime.datetime.combine(day, at)
    aware = naive.replace(tzinfo=tz, fold=0)
    round_trip = aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    if round_trip != naive:
        raise NonexistentLocalTime(
            f"{at:%H:%M} on {day:%A %d %B %Y} does not exist in {tz.key}: the clocks go "
            "forward then and skip that hour. Choose another time."
        )
    return aware


def describe(moment: datetime.datetime, tz: ZoneInfo) -> str:
    """'Tue 10 Mar 2026, 10:00 (America/New_York)': for messages naming a time."""
    local = moment.astimezone(tz)
    return f"{local:%a %d %b %Y, %H:%M} ({tz.key})"


def end_not_after_start(start: datetime.datetime, end: datetime.datetime, tz: ZoneInfo) -> str:
    """'The end (10:00) is not after the start (11:00) on Tue 10 Mar 2026, America/New_York.'"""
    first, last = start.astimezone(tz), end.astimezone(tz)
    if first.date() == last.date():
        return (
            f"The end ({last:%H:%M}) is not after the start ({first:%H:%M}) "
            f"on {first:%a %d %b %Y}, {tz.key}."
        )
    return f"The end ({describe(end, tz)}) is not after the start ({describe(start, tz)})."
