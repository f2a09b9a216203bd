"""Run the engine on a stored transcript, and take a transcript's words out of the record.

:func:`run_analysis` is what the queue's worker calls (``talkingcure.insights.queue``); it is
idempotent (a re-run replaces the previous result in one transaction) and never logs transcript
text: only identifiers and the engine's error code.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from talkingcure.analysis.readers import read_text
from talkingcure.analysis.readers.errors import TranscriptError
from talkingcure.engine import product_engine
from talkingcure.insights.corrections import strip_quotes
from talkingcure.insights.models import Analysis, AnalysisStatus, Transcript
from talkingcure.scheduling.models import Appointment

log = logging.getLogger(__name__)

# Keys whose values are the client's or therapist's words, or names of people in them, in the
# engine's ``to_dict()`` output: quotes, texts, the lemmas of a trigger, the other person of a
# relationship episode. Removed wherever they occur when a transcript is deleted; turn numbers,
# offsets, labels, scores, detectors, kinds and categories ("mother", "friend") stay.
WORD_KEYS = frozenset(
    {
        "text",
        "quote",
        "response_text",
        "explanation",
        "speaker",
        "note",
        "lemmas",
        "other",
        "person",
        "other_people",
    }
)
DELETED_SOURCE = "(transcript deleted)"


def strip_words(result: Any) -> Any:
    """A copy of an engine result without a single quote, turn text or speaker name.

    Keeps the structure: turn indexes, character offsets (``start``/``end``), labels, scores,
    emotions, detectors, finding kinds and the summary's numbers.
    """
    if isinstance(result, dict):
        stripped: dict[str, Any] = {}
        for key, value in result.items():
            if key in WORD_KEYS:
                continue
            stripped[key] = strip_words(value)
        if "speakers" in stripped and isinstance(stripped["speakers"], dict):
            stripped["speakers"] = _speakers_by_role(stripped["speakers"])
        return stripped
    if isinstance(result, list):
        return [strip_words(item) for item in result]
    return result


def _speakers_by_role(speakers: dict[str, Any]) -> Any:
    """Speaker names replaced by roles.

    ``roles.speakers`` maps names to roles: the sorted roles remain. ``summary.speakers`` maps
    names to talk statistics: keyed by role instead ("client", "client-2" for a second one).
    """
    if all(isinstance(value, str) for value in speakers.values()):
        return sorted(set(speakers.values()))
    by_role: dict[str, Any] = {}
    for stats in speakers.values():
        role = str(stats.get("role", "speaker")) if isinstance(stats, dict) else "speaker"
        key, n = role, 1
        while key in by_role:
            n += 1
            key = f"{role}-{n}"
        by_role[key] = stats
    return by_role


def strip_result(result: dict[str, Any] | None) -> dict[str, Any] | None:
    if result is None:
        return None
    stripped = strip_words(result)
    stripped["source"] = DELETED_SOURCE
    stripped.pop("meta", None)
    stripped.pop("warnings", None)
    stripped["words_removed"] = True
    return stripped


def _default_heartbeat(analysis_id: int) -> Callable[[int], None]:
    def beat(progress: int) -> None:
        Analysis.objects.filter(pk=analysis_id).update(
            progress=max(0, min(100, progress)), heartbeat_at=timezone.now()
        )

    return beat


def run_analysis(analysis_id: int, *, heartbeat: Callable[[int], None] | None = None) -> None:
    """Analyse the transcript of ``analysis_id`` and store the result (or the engine's error)."""
    beat = heartbeat or _default_heartbeat(analysis_id)
    analysis = Analysis.objects.select_related("transcript").get(pk=analysis_id)
    transcript = analysis.transcript
    now = timezone.now()
    # Called directly (not by the queue, which has claimed the row already): mark it running.
    Analysis.objects.filter(pk=analysis_id).exclude(status=AnalysisStatus.RUNNING).update(
        status=AnalysisStatus.RUNNING, started_at=now, heartbeat_at=now
    )
    if transcript.is_deleted or not transcript.content:
        _finish_failed(analysis_id, "The transcript was deleted before it was analysed.")
        log.info("analysis %s: transcript deleted before analysis", analysis.public_id)
        return
    beat(5)
    engine = product_engine()
    try:
        parsed = read_text(
            transcript.content, input_format=transcript.fmt, source=f"transcript-{transcript.pk}"
        )
        beat(20)
        output = engine.analyze(parsed).to_dict()
    except TranscriptError as exc:
        message = str(exc).replace(f"transcript-{transcript.pk}", transcript.filename or "pasted")
        _finish_failed(analysis_id, message)
        log.info("analysis %s failed: [%s]", analysis.public_id, exc.code)
        return
    beat(95)
    output["source"] = transcript.filename or "pasted text"
    with transaction.atomic():
        locked = Transcript.objects.select_for_update().get(pk=transcript.pk)
        row = Analysis.objects.select_for_update().get(pk=analysis_id)
        row.result = strip_result(output) if locked.is_deleted else output
        row.status = AnalysisStatus.DONE
        row.progress = 100
        row.error = None
        row.engine_version = str(output.get("engine", {}).get("version", ""))[:40]
        row.config_hash = engine.config_hash[:64]
        row.finished_at = timezone.now()
        row.heartbeat_at = row.finished_at
        row.save()
    log.info("analysis %s done", analysis.public_id)


def _finish_failed(analysis_id: int, message: str) -> None:
    with transaction.atomic():
        row = Analysis.objects.select_for_update().get(pk=analysis_id)
        row.status = AnalysisStatus.FAILED
        row.error = message
        row.result = None
        row.finished_at = timezone.now()
        row.save()


def delete_transcript(transcript: Transcript, *, reason: str) -> None:
    """Remove the words: the transcript's content and filename, and every quote in its analysis."""
    with transaction.atomic():
        locked = Transcript.objects.select_for_update().get(pk=transcript.pk)
        locked.content = None
        locked.filename = None
        locked.deleted_at = locked.deleted_at or timezone.now()
        locked.deletion_reason = reason
        locked.save()
        analysis = Analysis.objects.select_for_update().filter(transcript=locked).first()
        if analysis is not None:
            analysis.result = strip_result(analysis.result)
            if analysis.status in (AnalysisStatus.FAILED,):
                analysis.error = "The transcript was deleted."
            analysis.save()
            strip_quotes(analysis)
    transcript.refresh_from_db()


def create_transcript(
    appointment: Appointment,
    *,
    uploaded_by: Any,
    content: str,
    fmt: str,
    filename: str | None,
) -> Transcript:
    """Store a transcript of a held session and queue its analysis (the page and the API).

    The callers check first: the treating therapist, a held session, consents in force.
    """
    now = timezone.now()
    with transaction.atomic():
        transcript = Transcript.objects.create(
            appointment=appointment,
            uploaded_by=uploaded_by,
            uploaded_at=now,
            filename=filename,
            fmt=fmt,
            content=content,
        )
        analysis = Analysis.objects.create(transcript=transcript, queued_at=now)
    enqueue(analysis)
    return transcript


def enqueue(analysis: Analysis) -> None:
    """Start the background analysis (helper B's queue is the only way to start work)."""
    from talkingcure.insights import queue

    queue.enqueue(analysis)
