"""Weekly sessions keep their local wall-clock time across daylight-saving changes."""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

from tests.scheduling.helpers import NEW_YORK, make_series

NY = ZoneInfo(NEW_YORK)


def _local(series: Any) -> list[datetime.datetime]:
    return [a.starts_at.astimezone(NY) for a in series.occurrences.order_by("starts_at")]


def test_march_spring_forward_keeps_ten_oclock(personas: Any) -> None:
    # Clocks go forward in New York on Sunday 8 March 2026.
    series = make_series(personas, starts_on=datetime.date(2026, 2, 23), count=4)
    local = _local(series)
    assert [d.date() for d in local] == [
        datetime.date(2026, 2, 24),
        datetime.date(2026, 3, 3),
        datetime.date(2026, 3, 10),
        datetime.date(2026, 3, 17),
    ]
    assert {d.time() for d in local} == {datetime.time(10, 0)}
    utc_hours = [d.astimezone(datetime.UTC).hour for d in local]
    assert utc_hours == [15, 15, 14, 14]


def test_november_fall_back_keeps_ten_oclock(personas: Any) -> None:
    # Clocks go back in New York on Sunday 1 November 2026.
    series = make_series(
        personas, starts_on=datetime.date(2026, 10, 19), count=4, today=datetime.date(2026, 10, 1)
    )
    local = _local(series)
    assert {d.time() for d in local} == {datetime.time(10, 0)}
    assert [d.weekday() for d in local] == [1, 1, 1, 1]
    assert [d.astimezone(datetime.UTC).hour for d in local] == [14, 14, 15, 15]


def test_end_date_is_inclusive_and_series_kept_on_each_occurrence(personas: Any) -> None:
    series = make_series(personas, count=None, ends_on=datetime.date(2026, 3, 10), minutes=55)
    occurrences = list(series.occurrences.order_by("starts_at"))
    assert len(occurrences) == 3
    assert all(o.original_starts_at == o.starts_at for o in occurrences)
    assert {o.minutes for o in occurrences} == {55}
