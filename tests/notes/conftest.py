from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from talkingcure.scheduling.models import Appointment

WEEK = datetime.timedelta(weeks=1)


@pytest.fixture
def held(personas: dict[str, Any]) -> Appointment:
    """A held session of the owner's client, a week ago."""
    return Appointment.objects.create(
        client=personas["client"],
        clinician=personas["owner"],
        starts_at=timezone.now() - WEEK,
        status=Appointment.Status.ATTENDED,
    )


def session_url(name: str, appointment: Appointment) -> str:
    from django.urls import reverse

    return reverse(f"notes:{name}", args=[appointment.client.public_id, appointment.public_id])
