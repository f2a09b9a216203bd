"""Weekly recurrence: the dates of a series, then each at the same local wall-clock time.

Dates are computed on the calendar (dateutil's rrule over naive dates), and only then
placed in the series' time zone, so a 10:00 session stays at 10:00 local time across
daylight-saving changes (its UTC time moves by the hour instead).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from dateutil.rrule import WEEKLY, rrule

from talkingcure.scheduling.zones import local_start


@dataclass(frozen=True)
class WeeklyRule:
    starts_on: datetime.date
    weekday: int  # 0 = Monday
    local_time: datetime.time
    tz: ZoneInfo
    ends_on: datetime.date | None = None
    count: int | None = None


def occurrence_dates(
    rule: WeeklyRule, *, after: datetime.date | None = None, until: datetime.date
) -> list[datetime.date]:
    """Dates of the series up to ``until`` (inclusive), skipping those on or before ``after``.

    ``count`` counts from the first session of the series, whatever ``after`` says.
    """
    last = min(until, rule.ends_on) if rule.ends_on else until
    start = datetime.datetime.combine(rule.starts_on, datetime.time())
    dates = rrule(
        WEEKLY,
        dtstart=start,
        byweekday=rule.weekday,
        count=rule.count,
        until=None if rule.count else datetime.datetime.combine(last, datetime.time()),
    )
    found = []
    for moment in dates:
        day = moment.date()
        if day > last:
            break
        if after is None or day > after:
            found.append(day)
    return found


def occurrence_starts(
    rule: WeeklyRule, *, after: datetime.date | None = None, until: datetime.date
) -> list[datetime.datetime]:
    """Aware start times; raises NonexistentLocalTime if any falls in a DST gap."""
    return [
        local_start(day, rule.local_time, rule.tz)
        for day in occurrence_dates(rule, after=after, until=until)
    ]
