"""The demo clinic comes with synthetic transcripts, so its insight pages are not empty."""

from __future__ import annotations

import json
from typing import Any

from talkingcure.demo import load_demo
from talkingcure.insights.models import Analysis, AnalysisStatus, Transcript
from talkingcure.insights.service import run_analysis


def test_demo_riley_has_three_analysable_synthetic_transcripts(db: Any) -> None:
    result = load_demo()
    assert result.transcripts == 3
    transcripts = list(Transcript.objects.select_related("appointment__client"))
    assert len(transcripts) == 3
    assert {t.appointment.client.given_name for t in transcripts} == {"Riley"}
    assert all(t.appointment.client.synthetic for t in transcripts)
    assert all(json.loads(t.content or "{}")["meta"]["synthetic"] for t in transcripts)
    assert all(t.uploaded_by == t.appointment.clinician for t in transcripts)
    first = Analysis.objects.get(transcript=transcripts[-1])
    assert first.status == AnalysisStatus.QUEUED
    run_analysis(first.pk)
    first.refresh_from_db()
    assert first.status == AnalysisStatus.DONE, first.error
    assert first.result and first.result["findings"]


def test_loading_the_demo_twice_adds_no_transcripts(db: Any) -> None:
    load_demo()
    assert load_demo().transcripts == 0
    assert Transcript.objects.count() == 3
