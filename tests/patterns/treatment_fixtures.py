"""Analysed sessions of a synthetic treatment, for the patterns page tests.

The sessions are examples/treatment/dana/*.json: SYNTHETIC transcripts written by hand for
talkingcure (see examples/treatment/README.md). Each becomes a held appointment on the date in
its meta, with a transcript analysed by the real engine through run_analysis.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from django.urls import reverse
from django.utils import timezone

from talkingcure.insights.models import Analysis, Transcript
from talkingcure.insights.service import run_analysis
from talkingcure.outcomes.answering import submit
from talkingcure.outcomes.links import issue
from talkingcure.scheduling.models import Appointment

TREATMENT = Path(__file__).resolve().parents[2] / "examples" / "treatment" / "dana"
SESSIONS = sorted(TREATMENT.glob("session_*.json"))


def session_date(path: Path) -> datetime.date:
    return datetime.date.fromisoformat(json.loads(path.read_text(encoding="utf-8"))["meta"]["date"])


def analysed_session(
    personas: dict[str, Any], path: Path, *, clinician: Any = None, client: Any = None
) -> Analysis:
    """A held session on the file's date, its transcript, and the engine's finished analysis."""
    day = session_date(path)
    starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))
    appointment = Appointment.objects.create(
        client=client or personas["client"],
        clinician=clinician or personas["owner"],
        starts_at=starts,
        status=Appointment.Status.ATTENDED,
    )
    transcript = Transcript.objects.create(
        appointment=appointment,
        uploaded_by=clinician or personas["owner"],
        uploaded_at=starts + datetime.timedelta(hours=2),
        filename=path.name,
        fmt="json",
        content=path.read_text(encoding="utf-8"),
    )
    analysis = Analysis.objects.create(transcript=transcript, queued_at=timezone.now())
    run_analysis(analysis.pk)
    analysis.refresh_from_db()
    assert analysis.status == Analysis.Status.DONE, analysis.error
    return analysis


def answered(client: Any, instrument: str, day: datetime.date, value: int) -> None:
    """A questionnaire completed on ``day`` with every item answered ``value`` (item 9: 0)."""
    when = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))
    administration, _ = issue(client, instrument, now=when)
    count = {"phq9": 9, "gad7": 7}[instrument]
    answers = {str(i): value for i in range(1, count + 1)}
    if instrument == "phq9":
        answers["9"] = 0
    submit(administration, answers, now=when + datetime.timedelta(minutes=20))


def page_url(client: Any) -> str:
    return reverse("patterns:client", args=[client.public_id])
