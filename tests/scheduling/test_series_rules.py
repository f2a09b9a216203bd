"""A series needs an end date or a count, 45 to 60 minutes, and a horizon that extends."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from talkingcure.scheduling.booking import (
    BOTH_ENDS_MESSAGE,
    NO_END_MESSAGE,
    extend_series,
)
from talkingcure.scheduling.models import AppointmentSeries
from tests.scheduling.helpers import make_series


def test_series_without_end_or_count_is_refused(personas: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        make_series(personas, count=None, ends_on=None)
    assert refused.value.messages == [NO_END_MESSAGE]
    assert not AppointmentSeries.objects.exists()


def test_series_with_both_end_and_count_is_refused(personas: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        make_series(personas, count=4, ends_on=datetime.date(2026, 5, 1))
    assert refused.value.messages == [BOTH_ENDS_MESSAGE]


@pytest.mark.parametrize(("minutes", "allowed"), [(44, False), (45, True), (60, True), (61, False)])
def test_length_between_45_and_60_minutes(personas: Any, minutes: int, allowed: bool) -> None:
    if allowed:
        assert make_series(personas, minutes=minutes).occurrences.count() == 6
    else:
        with pytest.raises(ValidationError, match="45 to 60 minutes"):
            make_series(personas, minutes=minutes)


def test_series_ending_before_it_starts_is_refused(personas: Any) -> None:
    with pytest.raises(ValidationError, match=r"ends .* before it starts"):
        make_series(personas, count=None, ends_on=datetime.date(2026, 2, 1))


def test_default_length_is_fifty_minutes(personas: Any) -> None:
    series = make_series(personas)
    assert series.minutes == 50
    assert {a.minutes for a in series.occurrences.all()} == {50}


def test_long_series_is_generated_to_the_horizon_then_extended(personas: Any) -> None:
    today = datetime.date(2026, 2, 20)
    series = make_series(personas, count=52, today=today)
    first_batch = series.occurrences.count()
    assert first_batch == 26  # Tuesdays from 24 Feb up to 26 weeks after 20 Feb
    added = extend_series(series, today=today + datetime.timedelta(weeks=13))
    assert added == 13
    added = extend_series(series, today=today + datetime.timedelta(weeks=60))
    assert added == 13 and series.occurrences.count() == 52
    assert extend_series(series, today=today + datetime.timedelta(weeks=80)) == 0
