"""The "Draft from analysis" button of the progress note (docs/records.md, "Drafting the note").

Only the treating therapist sees the analysis (it is kept as a psychotherapy note,
``talkingcure.insights.access``), so only they see the button and the candidates; everyone
else gets 404 from the POST. Drafting fills only the EMPTY fields of an unsigned note, saves a
draft (a kept version), audits it, and never signs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from talkingcure.accounts.models import User
from talkingcure.analysis.evaluation.adequacy import load_agreement
from talkingcure.audit.log import record
from talkingcure.clients.access import get_client_for_user
from talkingcure.insights.access import get_own_appointment, is_treating_therapist
from talkingcure.insights.models import Analysis, AnalysisStatus
from talkingcure.notes import lifecycle
from talkingcure.notes.drafting import Draft, draft_from_analysis
from talkingcure.notes.models import TEXT_FIELDS, ProgressNote
from talkingcure.scheduling.models import Appointment

NO_ANALYSIS = (
    "Draft from analysis is offered once a transcript of this session has a finished analysis."
)


@dataclass(frozen=True)
class DraftPanel:
    """What the note page shows the treating therapist about drafting."""

    analysis: Analysis | None
    draft: Draft | None
    signed: bool

    @property
    def may_draft(self) -> bool:
        return self.draft is not None and not self.signed

    def drafted_fields(self) -> list[tuple[str, str]]:
        """(field heading, drafted text) of the fields the analysis has evidence for."""
        if self.draft is None:
            return []
        texts = self.draft.texts()
        return [(TEXT_FIELDS[name], texts[name]) for name in TEXT_FIELDS if name in texts]


def finished_analysis(appointment: Appointment) -> Analysis | None:
    """The newest finished analysis of any transcript of this session (deleted ones included)."""
    return (
        Analysis.objects.filter(
            transcript__appointment=appointment,
            status=AnalysisStatus.DONE,
            result__isnull=False,
        )
        .order_by("-finished_at", "-pk")
        .first()
    )


def panel_for(
    request: HttpRequest, appointment: Appointment, note: ProgressNote | None
) -> DraftPanel | None:
    """The drafting panel for the note page: None for anyone but the treating therapist."""
    if not is_treating_therapist(request.user, appointment):
        return None
    signed = note is not None and note.is_signed
    held = appointment.status == Appointment.Status.ATTENDED
    analysis = finished_analysis(appointment) if held and not signed else None
    if analysis is None or not analysis.result:
        return DraftPanel(analysis=None, draft=None, signed=signed)
    _audit_analysis_read(request, analysis)
    return DraftPanel(analysis, draft_from_analysis(analysis.result, load_agreement()), signed)


@login_required
@require_POST
def draft_note(request: HttpRequest, client_id: str, appointment_id: str) -> HttpResponse:
    """Fill the empty fields of this session's draft note from its finished analysis."""
    client = get_client_for_user(request, client_id)
    appointment = get_own_appointment(request, client, appointment_id)  # 404 unless treating
    back = redirect("notes:note", client_id=client.public_id, appointment_id=appointment.public_id)
    analysis = finished_analysis(appointment)
    if analysis is None or not analysis.result:
        messages.error(request, NO_ANALYSIS)
        return back
    note = ProgressNote.objects.filter(appointment=appointment).first()
    if note is not None and note.is_signed:
        messages.error(request, "This note is signed and locked; drafting changed nothing.")
        return back
    _audit_analysis_read(request, analysis)
    draft = draft_from_analysis(analysis.result, load_agreement())
    user = request.user
    assert isinstance(user, User)
    filled: list[str] = []
    try:
        if note is not None or draft.texts():
            note = note or lifecycle.start(appointment, user)
            filled = fill_empty_fields(note, draft, user, request)
    except (lifecycle.NoteRefused, lifecycle.NoteLocked) as refusal:
        messages.error(request, str(refusal))
        return back
    messages.success(request, _done_message(filled))
    return back


def fill_empty_fields(
    note: ProgressNote, draft: Draft, user: User, request: HttpRequest | None = None
) -> list[str]:
    """Save the drafted text into the note's empty fields only; returns the fields filled."""
    empty = {name: text for name, text in draft.texts().items() if not getattr(note, name)}
    if empty:
        lifecycle.save_draft(note, user, empty)
    record(
        action="note-drafted",
        actor=user,
        request=request,
        object_type="progress_note",
        object_id=note.public_id,
    )
    return [TEXT_FIELDS[name] for name in TEXT_FIELDS if name in empty]


def _done_message(filled: list[str]) -> str:
    if not filled:
        return (
            "Nothing was filled: the fields the analysis has evidence for already hold your "
            "text, or it found nothing adequate to draft. Candidates are listed beside the note."
        )
    return (
        f"Drafted from the analysis: {', '.join(filled)}. The note is still a draft: edit it, "
        "then sign it yourself. Every other field stays not assessed."
    )


def _audit_analysis_read(request: HttpRequest, analysis: Analysis) -> None:
    record(
        action="read",
        actor=request.user,
        request=request,
        object_type="analysis",
        object_id=analysis.public_id,
    )


def context_for(request: HttpRequest, appointment: Appointment, note: Any) -> dict[str, Any]:
    """Extra context for ``notes/note.html``."""
    return {"drafting": panel_for(request, appointment, note), "no_analysis": NO_ANALYSIS}
