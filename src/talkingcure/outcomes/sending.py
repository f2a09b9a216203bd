"""Sending questionnaires: now, or when a schedule falls due (the `measures-due` job)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from talkingcure.clients.models import Client
from talkingcure.notifications.senders import notify
from talkingcure.outcomes.links import issue
from talkingcure.outcomes.models import Administration, MeasureSchedule

SUBJECT = "A short questionnaire from your clinic"


def send(
    client: Client,
    instrument_id: str,
    *,
    schedule: MeasureSchedule | None = None,
    now: datetime.datetime | None = None,
) -> tuple[Administration, str]:
    """Issue a single-use link and send it to the client. The message names neither the
    client nor the questionnaire: only that the clinic asks for a few answers."""
    administration, token = issue(client, instrument_id, schedule=schedule, now=now)
    url = f"{settings.PUBLIC_BASE_URL.rstrip('/')}/q/{token}/"
    if client.email:
        notify(
            client.email,
            SUBJECT,
            f"Your clinic asks you to answer a few questions. The link works once and "
            f"expires in {settings.MEASURE_LINK_HOURS} hours:\n{url}\n",
        )
    return administration, token


def send_due(now: datetime.datetime | None = None) -> int:
    """Send every active schedule whose interval has passed since its last questionnaire."""
    moment = now or timezone.now()
    sent = 0
    for schedule in MeasureSchedule.objects.filter(active=True).select_related("client"):
        if schedule.client.status != Client.Status.ACTIVE:
            continue
        last = (
            Administration.objects.filter(schedule=schedule)
            .order_by("-created_at")
            .values_list("created_at", flat=True)
            .first()
        )
        if last is None or moment - last >= datetime.timedelta(days=schedule.every_days):
            send(schedule.client, schedule.instrument_id, schedule=schedule, now=moment)
            sent += 1
    return sent
