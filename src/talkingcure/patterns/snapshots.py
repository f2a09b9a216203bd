"""Which analyses a therapist's patterns page uses, and the stored page data built from them.

The topic model behind the recurring topics takes seconds for a long treatment, so the output of
:func:`talkingcure.patterns.across_sessions.build` is kept in :class:`PatternsSnapshot`, keyed
by a fingerprint of the analyses used (ids, finish and deletion times, session dates). A view
whose fingerprint matches reads one row instead of every analysis; any change to the client's
transcripts or analyses deletes the client's snapshots (:func:`forget`), and a finished analysis
rebuilds its therapist's one in the background (:func:`refresh`, see ``signals``).
"""

from __future__ import annotations

import datetime
import hashlib
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from talkingcure.clients.models import Client
from talkingcure.insights.models import Analysis, AnalysisStatus
from talkingcure.patterns.across_sessions import SessionInput, build
from talkingcure.patterns.models import PatternsSnapshot

# Part of every fingerprint: change it when build()'s output changes shape.
SNAPSHOT_VERSION = "talkingcure.patterns-page/1"


@dataclass(frozen=True)
class HeldAnalysis:
    """A finished analysis of a session the therapist held (identifiers and times only)."""

    pk: int
    public_id: uuid.UUID
    transcript_id: uuid.UUID
    appointment_id: uuid.UUID
    date: datetime.date
    finished_at: datetime.datetime | None
    deleted_at: datetime.datetime | None


def held_analyses(client: Client, clinician_id: int) -> list[HeldAnalysis]:
    """One finished analysis per session this therapist held with the client, oldest first.

    A session with several transcripts uses the newest one that still has its words, else the
    newest one. The encrypted results are not read here."""
    rows = (
        Analysis.objects.filter(
            status=AnalysisStatus.DONE,
            transcript__appointment__client=client,
            transcript__appointment__clinician_id=clinician_id,
        )
        .order_by("transcript__appointment__starts_at", "transcript__uploaded_at", "pk")
        .values(
            "pk",
            "public_id",
            "finished_at",
            "transcript__public_id",
            "transcript__deleted_at",
            "transcript__appointment__public_id",
            "transcript__appointment__starts_at",
        )
    )
    chosen: dict[uuid.UUID, HeldAnalysis] = {}
    for row in rows:
        held = HeldAnalysis(
            pk=row["pk"],
            public_id=row["public_id"],
            transcript_id=row["transcript__public_id"],
            appointment_id=row["transcript__appointment__public_id"],
            date=timezone.localdate(row["transcript__appointment__starts_at"]),
            finished_at=row["finished_at"],
            deleted_at=row["transcript__deleted_at"],
        )
        current = chosen.get(held.appointment_id)
        if current is None or held.deleted_at is None or current.deleted_at is not None:
            chosen[held.appointment_id] = held  # rows come oldest upload first
    return sorted(chosen.values(), key=lambda h: (h.date, h.pk))


def fingerprint(held: list[HeldAnalysis]) -> str:
    parts = [SNAPSHOT_VERSION, timezone.get_current_timezone_name()]
    parts += [f"{h.public_id}:{h.date}:{h.finished_at}:{h.deleted_at}" for h in held]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def patterns_data(client: Client, clinician_id: int, held: list[HeldAnalysis]) -> dict[str, Any]:
    """The page data for these analyses: the stored snapshot when it matches, else built now."""
    stamp = fingerprint(held)
    snapshot = PatternsSnapshot.objects.filter(client=client, clinician_id=clinician_id).first()
    if snapshot is not None and snapshot.fingerprint == stamp:
        data: dict[str, Any] = snapshot.data
        return data
    data = build_data(client, held)
    _store(client, clinician_id, stamp, data)
    return data


def build_data(client: Client, held: list[HeldAnalysis]) -> dict[str, Any]:
    results = dict(Analysis.objects.filter(pk__in=[h.pk for h in held]).values_list("pk", "result"))
    sessions = [
        SessionInput(date=h.date, result=results[h.pk] or {}, url=transcript_url(client, h))
        for h in held
        if h.pk in results
    ]
    return build(sessions, client_key=str(client.public_id))


def transcript_url(client: Client, held: HeldAnalysis) -> str:
    args = [client.public_id, held.appointment_id, held.transcript_id]
    return reverse("insights:transcript", args=args)


def _store(client: Client, clinician_id: int, stamp: str, data: dict[str, Any]) -> None:
    """Keep ``data`` unless the analyses changed while it was built (say, a transcript was
    deleted meanwhile): then nothing built from the old words is written."""
    try:
        with transaction.atomic():
            if fingerprint(held_analyses(client, clinician_id)) != stamp:
                return
            PatternsSnapshot.objects.update_or_create(
                client=client,
                clinician_id=clinician_id,
                defaults={"fingerprint": stamp, "data": data, "computed_at": timezone.now()},
            )
    except IntegrityError:
        pass  # built at the same moment by another request or the worker: theirs is kept


def forget(client_id: int) -> None:
    """Delete the client's snapshots (each delete is audited like any client-data row)."""
    PatternsSnapshot.objects.filter(client_id=client_id).delete()


def refresh(client_id: int, clinician_id: int) -> None:
    """Build and store the therapist's snapshot now (called after an analysis finishes)."""
    client = Client.objects.get(pk=client_id)
    patterns_data(client, clinician_id, held_analyses(client, clinician_id))
