"""Double bookings of a therapist or a room are refused, naming the time, not the client."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from talkingcure.scheduling.booking import book_single, set_status
from talkingcure.scheduling.models import Appointment
from tests.scheduling.helpers import make_series, other_client, room

TUESDAY_10 = datetime.datetime(2026, 3, 3, 15, 0, tzinfo=datetime.UTC)  # 10:00 in New York


def _book(personas: Any, **overrides: Any) -> Appointment:
    values: dict[str, Any] = {
        "client": personas["client"],
        "clinician": personas["owner"],
        "room": None,
        "start": TUESDAY_10 + datetime.timedelta(minutes=30),
        "end": TUESDAY_10 + datetime.timedelta(minutes=80),
    }
    values.update(overrides)
    return book_single(**values)


def test_therapist_overlap_is_refused_naming_the_time_not_the_client(
    personas: Any, settings: Any
) -> None:
    settings.TIME_ZONE = "America/New_York"
    make_series(personas)
    second = other_client(personas, clinician="owner")
    with pytest.raises(ValidationError) as refused:
        _book(personas, client=second)
    message = " ".join(refused.value.messages)
    assert "already has a session on Tue 03 Mar 2026, 10:00" in message
    assert "10:50" in message
    assert "Quinn" not in message and "Synthetic" not in message


def test_room_overlap_is_refused_across_therapists(personas: Any, settings: Any) -> None:
    settings.TIME_ZONE = "America/New_York"
    room_two = room()
    make_series(personas, room=room_two)
    with pytest.raises(ValidationError, match="Room 2 is already booked on Tue 03 Mar 2026, 10:00"):
        _book(
            personas, client=other_client(personas), clinician=personas["colleague"], room=room_two
        )
    # Another room, or back to back, is fine.
    _book(
        personas,
        client=other_client(personas),
        clinician=personas["colleague"],
        room=room("Room 3"),
    )
    _book(
        personas,
        start=TUESDAY_10 + datetime.timedelta(minutes=50),
        end=TUESDAY_10 + datetime.timedelta(minutes=100),
    )


def test_series_clashing_with_a_booking_is_refused_whole(personas: Any) -> None:
    _book(personas)
    with pytest.raises(ValidationError, match="already has a session"):
        make_series(personas)
    assert Appointment.objects.count() == 1


def test_cancelled_session_frees_the_slot(personas: Any) -> None:
    first = _book(personas)
    set_status(first, Appointment.Status.CANCELLED)
    _book(personas)
    assert Appointment.objects.count() == 2


def test_end_before_start_is_refused(personas: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        _book(personas, start=TUESDAY_10, end=TUESDAY_10 - datetime.timedelta(minutes=50))
    assert refused.value.messages == [
        "The end (14:10) is not after the start (15:00) on Tue 03 Mar 2026, UTC."
    ]
    assert not Appointment.objects.exists()
