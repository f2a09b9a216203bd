"""Shared fixtures for the transcript tests (imported by the test modules, not a conftest)."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from talkingcure.consents.models import Consent, ConsentKind
from talkingcure.insights.models import Analysis, Transcript
from talkingcure.scheduling.models import Appointment

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "session_morgan.txt"
SYNTHETIC = EXAMPLE.read_text(encoding="utf-8")  # a synthetic session written for the tests


@pytest.fixture
def held(personas: dict[str, Any]) -> Appointment:
    return Appointment.objects.create(
        client=personas["client"],
        clinician=personas["owner"],
        starts_at=timezone.now() - datetime.timedelta(days=7),
        status=Appointment.Status.ATTENDED,
    )


@pytest.fixture
def consented(personas: dict[str, Any]) -> None:
    give(personas, ConsentKind.RECORDING)
    give(personas, ConsentKind.ANALYSIS)


def give(personas: dict[str, Any], kind: str) -> Consent:
    return Consent.objects.create(
        client=personas["client"],
        kind=kind,
        given_on=timezone.localdate() - datetime.timedelta(days=30),
    )


def make_transcript(
    held: Appointment, personas: dict[str, Any], text: str = SYNTHETIC, **fields: Any
) -> Transcript:
    now = fields.pop("uploaded_at", timezone.now())
    transcript = Transcript.objects.create(
        appointment=held,
        uploaded_by=personas["owner"],
        uploaded_at=now,
        filename=fields.pop("filename", "session.txt"),
        fmt=fields.pop("fmt", "txt"),
        content=text,
    )
    Analysis.objects.create(transcript=transcript, queued_at=now)
    return transcript


def session_url(held: Appointment) -> str:
    return reverse("insights:session", args=[held.client.public_id, held.public_id])


def transcript_url(transcript: Transcript, name: str = "transcript") -> str:
    appointment = transcript.appointment
    return reverse(
        f"insights:{name}",
        args=[appointment.client.public_id, appointment.public_id, transcript.public_id],
    )
