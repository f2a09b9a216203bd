"""run_analysis (idempotent, failures keep the upload), stripping words, retention."""
# ruff: noqa: F811  (fixtures come from transcript_fixtures by name)

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.utils import timezone

from talkingcure.insights.models import Analysis, AnalysisStatus
from talkingcure.insights.retention import delete_expired
from talkingcure.insights.service import delete_transcript, run_analysis, strip_result
from talkingcure.scheduling.models import Appointment

from .transcript_fixtures import SYNTHETIC, held, make_transcript  # noqa: F401

pytestmark = pytest.mark.django_db

RESULT = {
    "source": "session.txt",
    "meta": {"title": "x"},
    "roles": {"note": "'Alex' is the client (by name)", "speakers": {"Alex": "client"}},
    "turns": [
        {
            "index": 0,
            "speaker": "Alex",
            "role": "client",
            "text": "I felt so alone",
            "start": 1.0,
            "labels": {"emotion.sadness": 0.8},
        },
    ],
    "findings": [
        {
            "kind": "risk",
            "turns": [0],
            "score": 0.9,
            "detector": "talkingcure.risk.v1",
            "explanation": 'Client risk language: "alone".',
            "evidence": [{"turn": 0, "start": 10, "end": 15, "quote": "alone"}],
        },
    ],
    "summary": {"triggers": [{"turn": 0, "text": "alone", "response_text": "so alone"}]},
}


def test_strip_result_keeps_numbers_labels_and_scores_and_no_words() -> None:
    stripped = strip_result(RESULT)
    assert stripped is not None
    dumped = json.dumps(stripped)
    for words in ("alone", "Alex", "I felt"):
        assert words not in dumped
    turn = stripped["turns"][0]
    assert turn == {"index": 0, "role": "client", "start": 1.0, "labels": {"emotion.sadness": 0.8}}
    finding = stripped["findings"][0]
    assert finding["turns"] == [0] and finding["score"] == 0.9 and finding["kind"] == "risk"
    assert finding["evidence"] == [{"turn": 0, "start": 10, "end": 15}]
    assert stripped["roles"]["speakers"] == ["client"]
    assert stripped["words_removed"] is True
    assert strip_result(None) is None


def test_run_analysis_stores_the_result_and_is_idempotent(
    held: Appointment,
    personas: Any,
) -> None:
    transcript = make_transcript(held, personas)
    analysis = transcript.analysis
    beats: list[int] = []
    run_analysis(analysis.pk, heartbeat=beats.append)
    analysis.refresh_from_db()
    assert analysis.status == AnalysisStatus.DONE and analysis.progress == 100
    assert analysis.result["findings"] and analysis.engine_version and analysis.config_hash
    assert beats and beats == sorted(beats)
    first = analysis.result
    run_analysis(analysis.pk)  # again: replaces, never duplicates
    analysis.refresh_from_db()
    assert analysis.status == AnalysisStatus.DONE
    assert len(analysis.result["findings"]) == len(first["findings"])
    assert Analysis.objects.count() == 1


def test_engine_refusal_fails_with_its_message_and_keeps_the_upload(
    held: Appointment,
    personas: Any,
    caplog: Any,
) -> None:
    text = '{"turns": [{"speaker": "T", "text": "synthetic words, unclosed'
    transcript = make_transcript(held, personas, text=text, fmt="json", filename="s.json")
    run_analysis(transcript.analysis.pk)
    analysis = Analysis.objects.get(pk=transcript.analysis.pk)
    assert analysis.status == AnalysisStatus.FAILED
    assert "s.json" in analysis.error and "[bad-json]" in analysis.error
    transcript.refresh_from_db()
    assert transcript.content == text  # kept for correction
    assert "synthetic words" not in caplog.text


def test_deletion_removes_the_text_and_every_quote(
    held: Appointment,
    personas: Any,
) -> None:
    transcript = make_transcript(held, personas)
    run_analysis(transcript.analysis.pk)
    delete_transcript(transcript, reason="client asked (synthetic)")
    transcript.refresh_from_db()
    assert transcript.content is None and transcript.filename is None
    assert transcript.deleted_at is not None
    result = Analysis.objects.get(transcript=transcript).result
    dumped = json.dumps(result)
    assert "Morgan" not in dumped and "better off" not in dumped and '"quote"' not in dumped
    assert result["findings"] and all("score" in f for f in result["findings"])
    assert all("labels" in turn and "text" not in turn for turn in result["turns"])


def test_analysis_of_a_deleted_transcript_fails_without_words(
    held: Appointment,
    personas: Any,
) -> None:
    transcript = make_transcript(held, personas)
    delete_transcript(transcript, reason="mistake (synthetic)")
    run_analysis(transcript.analysis.pk)
    analysis = Analysis.objects.get(transcript=transcript)
    assert analysis.status == AnalysisStatus.FAILED and analysis.result is None


def test_retention_deletes_only_old_transcripts(
    held: Appointment,
    personas: Any,
    settings: Any,
) -> None:
    settings.TRANSCRIPT_RETENTION_DAYS = 30
    now = timezone.now()
    old = make_transcript(held, personas, uploaded_at=now - datetime.timedelta(days=31))
    new = make_transcript(held, personas, uploaded_at=now - datetime.timedelta(days=29))
    Analysis.objects.filter(transcript=old).update(result=RESULT, status=AnalysisStatus.DONE)
    assert delete_expired(now=now) == 1
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.content is None and "retention" in (old.deletion_reason or "")
    assert new.content == SYNTHETIC
    assert "alone" not in json.dumps(Analysis.objects.get(transcript=old).result)
    assert delete_expired(now=now) == 0  # idempotent


def test_retention_job_is_registered() -> None:
    from talkingcure.jobs import JOBS

    assert "transcript-retention" in JOBS


def test_deletion_during_the_run_leaves_no_words(held: Appointment, personas: Any) -> None:
    transcript = make_transcript(held, personas)

    def beat(progress: int) -> None:
        if progress == 20:  # read, not yet stored: the therapist deletes it now
            delete_transcript(transcript, reason="mid-run (synthetic)")

    run_analysis(transcript.analysis.pk, heartbeat=beat)
    analysis = Analysis.objects.get(transcript=transcript)
    assert analysis.status == AnalysisStatus.DONE and analysis.result["words_removed"]
    assert "Morgan" not in json.dumps(analysis.result)


def test_never_exported(held: Appointment, personas: Any) -> None:
    from talkingcure.clients.export import CATEGORIES, client_record
    from talkingcure.disclosure.gate import NEVER_DISCLOSED, Category

    transcript = make_transcript(held, personas)
    run_analysis(transcript.analysis.pk)
    assert {Category.TRANSCRIPTS, Category.ANALYSES} <= NEVER_DISCLOSED
    record = json.dumps(client_record(personas["client"], list(CATEGORIES)))
    assert "Morgan" not in record and "better off" not in record
