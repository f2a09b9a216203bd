"""Shared builders for the scheduling tests."""

from __future__ import annotations

import datetime
from typing import Any

from talkingcure.clients.models import Client
from talkingcure.scheduling.booking import SeriesRequest, create_series
from talkingcure.scheduling.models import AppointmentSeries, Room

NEW_YORK = "America/New_York"


def series_request(personas: Any, **overrides: Any) -> SeriesRequest:
    values: dict[str, Any] = {
        "client": personas["client"],
        "clinician": personas["owner"],
        "room": None,
        "starts_on": datetime.date(2026, 2, 23),
        "weekday": 1,  # Tuesday
        "local_time": datetime.time(10, 0),
        "time_zone": NEW_YORK,
        "count": 6,
    }
    values.update(overrides)
    return SeriesRequest(**values)


def make_series(personas: Any, **overrides: Any) -> AppointmentSeries:
    today = overrides.pop("today", datetime.date(2026, 2, 20))
    return create_series(series_request(personas, **overrides), today=today)


def other_client(personas: Any, clinician: str = "colleague") -> Client:
    return Client.objects.create(
        given_name="Rowan",
        family_name="Synthetic-Other",
        clinician=personas[clinician],
        synthetic=True,
    )


def room(name: str = "Room 2") -> Room:
    return Room.objects.get_or_create(name=name)[0]
