"""Triggers the engine finds in an analysed transcript are offered, never added unasked."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from talkingcure.coping.models import CopingPlanVersion
from talkingcure.coping.suggestions import suggestions_for
from talkingcure.insights.models import Analysis, Transcript
from talkingcure.insights.service import delete_transcript, run_analysis
from talkingcure.scheduling.models import Appointment

# Synthetic session, written for this test.
SESSION = """Therapist: How has the week been since we last met?
Client: Hard. Whenever my brother phones me I end up drinking, every single time.
Therapist: What happens for you when his name comes up on the screen?
Client: My chest goes tight and I just want a drink. On Tuesday I called my sponsor instead.
"""


def _analysed(personas: dict[str, Any]) -> Analysis:
    held = Appointment.objects.create(
        client=personas["client"],
        clinician=personas["owner"],
        starts_at=timezone.now() - datetime.timedelta(days=3),
        status=Appointment.Status.ATTENDED,
    )
    transcript = Transcript.objects.create(
        appointment=held,
        uploaded_by=personas["owner"],
        uploaded_at=timezone.now(),
        fmt="txt",
        content=SESSION,
    )
    analysis = Analysis.objects.create(transcript=transcript, queued_at=timezone.now())
    run_analysis(analysis.pk)
    analysis.refresh_from_db()
    return analysis


def test_engine_triggers_become_suggestions_with_the_clients_words(personas: Any) -> None:
    analysis = _analysed(personas)
    found = analysis.result["summary"]["triggers"]
    assert found, "the engine found no trigger in a turn written to state one"
    offered = [s for s in suggestions_for(personas["client"]) if s.source == "analysis"]
    assert len(offered) == len(found)
    brother = next(s for s in offered if "brother" in s.trigger)
    assert brother.explicit and brother.evidence and "talkingcure.triggers.v1" in brother.origin
    assert not CopingPlanVersion.objects.filter(client=personas["client"]).exists()


def test_a_deleted_transcript_offers_nothing(personas: Any) -> None:
    analysis = _analysed(personas)
    delete_transcript(analysis.transcript, reason="client asked (synthetic)")
    assert [s for s in suggestions_for(personas["client"]) if s.source == "analysis"] == []
