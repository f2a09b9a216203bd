"""Changing one occurrence leaves the rest of its series as it was."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from talkingcure.scheduling.booking import end_series, move, set_status
from talkingcure.scheduling.models import Appointment
from tests.scheduling.helpers import make_series


def _snapshot(series: Any) -> list[tuple[Any, ...]]:
    return list(
        series.occurrences.order_by("original_starts_at").values_list(
            "public_id", "starts_at", "minutes", "status"
        )
    )


def test_moving_one_occurrence_keeps_the_others(personas: Any, settings: Any) -> None:
    settings.TIME_ZONE = "America/New_York"
    series = make_series(personas)
    before = _snapshot(series)
    third = series.occurrences.order_by("starts_at")[2]
    original = third.starts_at
    new_start = original + datetime.timedelta(days=1, hours=3)
    move(third, start=new_start, end=new_start + datetime.timedelta(minutes=50), room=None)
    third.refresh_from_db()
    assert third.starts_at == new_start and third.original_starts_at == original
    assert third.series == series and third.is_moved
    after = _snapshot(series)
    assert [row for row in after if row[0] != third.public_id] == [
        row for row in before if row[0] != third.public_id
    ]
    assert series.occurrences.count() == 6


@pytest.mark.parametrize(
    "status",
    [Appointment.Status.CANCELLED, Appointment.Status.LATE_CANCELLED, Appointment.Status.MISSED],
)
def test_cancel_late_cancel_or_no_show_one_occurrence(personas: Any, status: str) -> None:
    series = make_series(personas)
    second = series.occurrences.order_by("starts_at")[1]
    set_status(second, status, now=second.starts_at + datetime.timedelta(minutes=20))
    statuses = list(series.occurrences.order_by("starts_at").values_list("status", flat=True))
    assert statuses == ["booked", status, "booked", "booked", "booked", "booked"]


def test_no_show_before_the_session_is_refused(personas: Any) -> None:
    appointment = make_series(personas).occurrences.order_by("starts_at")[0]
    with pytest.raises(ValidationError, match="once the session has begun"):
        set_status(
            appointment,
            Appointment.Status.MISSED,
            now=appointment.starts_at - datetime.timedelta(1),
        )


def test_a_cancelled_session_cannot_be_moved(personas: Any) -> None:
    appointment = make_series(personas).occurrences.order_by("starts_at")[0]
    set_status(appointment, Appointment.Status.CANCELLED)
    start = appointment.starts_at + datetime.timedelta(hours=2)
    with pytest.raises(ValidationError, match="Only a booked session can be moved"):
        move(appointment, start=start, end=start + datetime.timedelta(minutes=50), room=None)


def test_ending_a_series_removes_only_later_booked_sessions(personas: Any) -> None:
    series = make_series(personas)
    occurrences = list(series.occurrences.order_by("starts_at"))
    set_status(occurrences[4], Appointment.Status.CANCELLED)
    removed = end_series(series, last_day=datetime.date(2026, 3, 10))  # third Tuesday
    assert removed == 2  # the fourth and sixth; the cancelled fifth is kept
    kept = list(series.occurrences.order_by("starts_at").values_list("status", flat=True))
    assert kept == ["booked", "booked", "booked", "cancelled"]
    series.refresh_from_db()
    assert series.ends_on == datetime.date(2026, 3, 10) and series.count is None
    with pytest.raises(ValidationError, match="cannot end before that"):
        end_series(series, last_day=datetime.date(2026, 1, 1))
