"""Weekly series for the synthetic demo clinic: rooms, held sessions with billing codes.

Called from :mod:`talkingcure.demo`; running it again for a client that already has a
series adds nothing.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from talkingcure.accounts.models import User
from talkingcure.clients.models import Client
from talkingcure.scheduling.billing import confirm_code, record_held
from talkingcure.scheduling.booking import SeriesRequest, create_series, set_status
from talkingcure.scheduling.models import Appointment, Room
from talkingcure.scheduling.zones import clinic_zone

DEMO_ROOMS = ["Room 1 (ground floor)", "Room 2 (garden side)"]
CLIENT_ZONES = {2: "America/Chicago"}  # one demo client lives in another time zone


def add_demo_series(client: Client, clinician: User, slot: int) -> None:
    """Three weeks of held sessions and the weeks to come, at 09:00 + slot, clinic time."""
    if client.series.exists():
        return
    rooms = [Room.objects.get_or_create(name=name)[0] for name in DEMO_ROOMS]
    now = timezone.now()
    first = timezone.localdate(timezone=clinic_zone()) - datetime.timedelta(weeks=3)
    series = create_series(
        SeriesRequest(
            client=client,
            clinician=clinician,
            room=rooms[slot % len(rooms)],
            starts_on=first,
            weekday=first.weekday(),
            local_time=datetime.time(9 + slot, 0),
            time_zone=clinic_zone().key,
            count=30 if slot % 2 else None,
            ends_on=None if slot % 2 else first + datetime.timedelta(weeks=40),
            client_time_zone=CLIENT_ZONES.get(slot, ""),
        )
    )
    occurrences = list(series.occurrences.order_by("starts_at"))
    for week, appointment in enumerate(o for o in occurrences if o.ends_at < now):
        started = appointment.starts_at + datetime.timedelta(minutes=week % 3)
        record_held(appointment, started=started, ended=started + datetime.timedelta(minutes=50))
        if week < 2:
            confirm_code(appointment, appointment.billing_code)
    upcoming = [o for o in occurrences if o.starts_at > now]
    if slot == 1 and len(upcoming) > 1:
        set_status(upcoming[1], Appointment.Status.LATE_CANCELLED)
