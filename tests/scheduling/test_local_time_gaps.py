"""A local time that does not exist is refused; a repeated one takes its first occurrence."""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from talkingcure.scheduling.booking import book_single
from talkingcure.scheduling.models import Appointment, AppointmentSeries
from talkingcure.scheduling.zones import NonexistentLocalTime, is_ambiguous, local_start
from tests.scheduling.helpers import NEW_YORK, make_series

NY = ZoneInfo(NEW_YORK)


def test_spring_forward_gap_is_refused_with_a_specific_message() -> None:
    with pytest.raises(NonexistentLocalTime) as refused:
        local_start(datetime.date(2026, 3, 8), datetime.time(2, 30), NY)
    assert "02:30 on Sunday 08 March 2026 does not exist in America/New_York" in str(refused.value)


def test_series_touching_the_gap_is_refused_and_nothing_saved(personas: Any) -> None:
    with pytest.raises(NonexistentLocalTime, match="does not exist"):
        make_series(
            personas,
            starts_on=datetime.date(2026, 3, 1),
            weekday=6,
            local_time=datetime.time(2, 30),
            count=3,
        )
    assert not AppointmentSeries.objects.exists() and not Appointment.objects.exists()


def test_fall_back_repeated_time_resolves_to_the_first_occurrence() -> None:
    day, at = datetime.date(2026, 11, 1), datetime.time(1, 30)
    assert is_ambiguous(day, at, NY)
    start = local_start(day, at, NY)
    assert start.astimezone(datetime.UTC) == datetime.datetime(
        2026, 11, 1, 5, 30, tzinfo=datetime.UTC
    )


def test_single_session_in_a_gap_is_refused(personas: Any, settings: Any) -> None:
    settings.TIME_ZONE = NEW_YORK
    with pytest.raises(ValidationError, match="does not exist"):
        start = local_start(datetime.date(2026, 3, 8), datetime.time(2, 15), NY)
        book_single(
            client=personas["client"],
            clinician=personas["owner"],
            room=None,
            start=start,
            end=start + datetime.timedelta(minutes=50),
        )
