"""Keep the stored patterns pages in step with the client's transcripts and analyses.

Any save of a transcript or an analysis deletes that client's snapshots at once, inside the
same transaction, so a deleted transcript's words never outlive it in a snapshot. When an
analysis is saved as done with its words, the treating therapist's snapshot is rebuilt after
the commit (in the worker that ran the analysis), so the next page view is fast; a failure
there is logged and the page builds it on its next view instead.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save

from talkingcure.insights.models import Analysis, AnalysisStatus, Transcript
from talkingcure.patterns import snapshots


def _transcript_saved(sender: type[Transcript], instance: Transcript, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    snapshots.forget(instance.appointment.client_id)


def _analysis_saved(sender: type[Analysis], instance: Analysis, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    transcript = Transcript.objects.select_related("appointment").get(pk=instance.transcript_id)
    client_id, clinician_id = transcript.appointment.client_id, transcript.appointment.clinician_id
    snapshots.forget(client_id)
    finished = instance.status == AnalysisStatus.DONE and isinstance(instance.result, dict)
    if finished and not instance.result.get("words_removed") and not transcript.is_deleted:
        transaction.on_commit(lambda: snapshots.refresh(client_id, clinician_id), robust=True)


def connect() -> None:
    post_save.connect(_transcript_saved, sender=Transcript, dispatch_uid="patterns-transcript")
    post_save.connect(_analysis_saved, sender=Analysis, dispatch_uid="patterns-analysis")
