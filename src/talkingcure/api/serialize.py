"""Turning the product's objects into the API's answers (plain dicts matching schemas.py)."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.utils import timezone

from talkingcure.insights.access import is_treating_therapist
from talkingcure.insights.models import Analysis, Correction, Transcript
from talkingcure.scheduling.models import Appointment


def session(appointment: Appointment, user: Any) -> dict[str, Any]:
    held_by_user = is_treating_therapist(user, appointment)
    return {
        "id": appointment.public_id,
        "client": appointment.client.public_id,
        "starts_at": appointment.starts_at,
        "date": timezone.localdate(appointment.starts_at),
        "minutes": appointment.minutes,
        "status": appointment.status,
        # prefetched: no query per session
        "has_transcript": bool(appointment.transcripts.all()) if held_by_user else None,
    }


def transcript(item: Transcript) -> dict[str, Any]:
    analysis = getattr(item, "analysis", None)
    return {
        "id": item.public_id,
        "session": item.appointment.public_id,
        "uploaded_at": item.uploaded_at,
        "filename": item.filename,
        "format": item.fmt,
        "deleted": item.is_deleted,
        "deleted_at": item.deleted_at,
        "analysis": {"id": analysis.public_id, "status": analysis.status} if analysis else None,
    }


def analysis(item: Analysis) -> dict[str, Any]:
    return {
        "id": item.public_id,
        "transcript": item.transcript.public_id,
        "status": item.status,
        "progress": item.progress,
        "error": item.error,
        "engine_version": item.engine_version,
        "attempts": item.attempts,
        "queued_at": item.queued_at,
        "started_at": item.started_at,
        "finished_at": item.finished_at,
    }


def finding(item: dict[str, Any], *, marked_wrong: bool) -> dict[str, Any]:
    return {
        "key": item["key"],
        "kind": str(item.get("kind", "")),
        "group": item["group"],
        "turns": list(item.get("turns") or []),
        "score": item.get("score"),
        "detector": item.get("detector"),
        "candidate": bool(item.get("candidate", False)),
        "explanation": item.get("explanation"),
        "evidence": [
            {
                "turn": span.get("turn"),
                "start": span.get("start"),
                "end": span.get("end"),
                "quote": span.get("quote"),
            }
            for span in item.get("evidence") or []
        ],
        "marked_wrong": marked_wrong,
    }


def correction(item: Correction) -> dict[str, Any]:
    return {
        "id": item.public_id,
        "action": item.action,
        "finding": item.finding,
        "note": item.note,
        "author": {"id": item.author.public_id, "name": str(item.author)},
        "created_at": item.created_at,
    }


def clean_filename(name: str | None) -> str | None:
    """Only the last part of a path the client sent, or None."""
    if name is None:
        return None
    base = PurePath(name.replace("\\", "/")).name.strip()
    return base if base not in ("", ".", "..") else None


def validation_message(errors: list[dict[str, Any]]) -> str:
    """Ninja's validation errors as one readable sentence: "body.turn: Input should be ..."."""
    parts = []
    for error in errors[:5]:
        where = ".".join(str(part) for part in error.get("loc", ()))
        parts.append(f"{where}: {error.get('msg', 'invalid')}" if where else error.get("msg", ""))
    return "; ".join(parts) or "The request is not valid."
