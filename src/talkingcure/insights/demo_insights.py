"""Synthetic transcripts for the demo clinic, so the insight and patterns pages have content.

Riley (dr.ada's client) consents to transcription and automated analysis, and each of the
three held demo sessions gets one of the hand-written synthetic sessions in
``demo_transcripts/`` (copies of ``examples/treatment/riley``). Their analyses are queued; the
worker that ``talkingcure serve`` starts runs them.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from django.utils import timezone

from talkingcure.clients.models import Client
from talkingcure.consents.models import Consent, ConsentKind
from talkingcure.insights.models import TranscriptFormat
from talkingcure.insights.service import create_transcript
from talkingcure.scheduling.models import Appointment

FOLDER = Path(__file__).with_name("demo_transcripts")
DEMO_CLIENT = "Riley"


def add_demo_transcripts() -> int:
    """Attach the synthetic sessions to Riley's held sessions; the number queued."""
    client = _demo_client()
    if client is None:
        return 0
    given = timezone.localdate() - datetime.timedelta(weeks=12)
    for kind in (ConsentKind.RECORDING, ConsentKind.ANALYSIS):
        Consent.objects.create(client=client, kind=kind, given_on=given)
    held = client.appointments.filter(status=Appointment.Status.ATTENDED).order_by("starts_at")
    files = sorted(FOLDER.glob("*.json"))
    for appointment, path in zip(held, files, strict=False):
        create_transcript(
            appointment,
            uploaded_by=appointment.clinician,
            filename=path.name,
            fmt=TranscriptFormat.JSON,
            content=path.read_text(encoding="utf-8"),
        )
    return min(held.count(), len(files))


def _demo_client() -> Client | None:
    # Names are encrypted: find the demo client in Python, not in SQL.
    return next(
        (c for c in Client.objects.filter(synthetic=True) if c.given_name == DEMO_CLIENT), None
    )
