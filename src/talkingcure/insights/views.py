"""Transcripts on a held session: upload or paste, the analysis' status, deletion with a reason.

Only the treating therapist reaches any of these (see :mod:`talkingcure.insights.access`).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from talkingcure.accounts.sudo import sudo_required
from talkingcure.audit.log import record
from talkingcure.clients.access import get_client_for_user
from talkingcure.clients.models import Client
from talkingcure.consents.models import ConsentKind
from talkingcure.consents.require import ConsentMissing, require_consent
from talkingcure.insights import service
from talkingcure.insights.access import get_own_appointment, get_transcript
from talkingcure.insights.forms import DeleteForm, TranscriptForm
from talkingcure.insights.models import Analysis, AnalysisStatus, Transcript
from talkingcure.notes.views import user_of
from talkingcure.scheduling.models import Appointment

NEEDED_CONSENTS = (ConsentKind.RECORDING, ConsentKind.ANALYSIS)
NOT_HELD = "A transcript can only be attached to a session that was held (marked attended)."


def consent_refusals(client: Client) -> list[str]:
    """One message per missing consent, naming it; empty when both are in force."""
    refusals = []
    for kind in NEEDED_CONSENTS:
        try:
            require_consent(client, kind)
        except ConsentMissing as exc:
            refusals.append(str(exc))
    return refusals


@login_required
@require_http_methods(["GET", "POST"])
def session_transcripts(request: HttpRequest, client_id: str, appointment_id: str) -> HttpResponse:
    client = get_client_for_user(request, client_id)
    appointment = get_own_appointment(request, client, appointment_id)
    held = appointment.status == Appointment.Status.ATTENDED
    refusals = consent_refusals(client)
    form = TranscriptForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    status = 200
    if request.method == "POST":
        if not held or refusals:
            status = 403
        elif form.is_valid():
            transcript = _create(request, appointment, form.cleaned_data)
            messages.success(request, "Transcript stored. The analysis is queued.")
            return redirect(
                "insights:transcript",
                client_id=client.public_id,
                appointment_id=appointment.public_id,
                transcript_id=transcript.public_id,
            )
        else:
            status = 400
    transcripts = list(appointment.transcripts.select_related("analysis"))
    for transcript in transcripts:
        _audit_read(request, transcript)
    context = {
        "client": client,
        "appointment": appointment,
        "held": held,
        "not_held": NOT_HELD,
        "refusals": refusals,
        "form": form,
        "transcripts": transcripts,
    }
    return render(request, "insights/session.html", context, status=status)


def _create(request: HttpRequest, appointment: Appointment, data: dict[str, Any]) -> Transcript:
    now = timezone.now()
    with transaction.atomic():
        transcript = Transcript.objects.create(
            appointment=appointment,
            uploaded_by=user_of(request),
            uploaded_at=now,
            filename=data["filename"],
            fmt=data["fmt"],
            content=data["content"],
        )
        analysis = Analysis.objects.create(transcript=transcript, queued_at=now)
    service.enqueue(analysis)
    return transcript


@login_required
def transcript_status(
    request: HttpRequest, client_id: str, appointment_id: str, transcript_id: str
) -> HttpResponse:
    client = get_client_for_user(request, client_id)
    appointment = get_own_appointment(request, client, appointment_id)
    transcript = get_transcript(appointment, transcript_id)
    _audit_read(request, transcript)
    analysis = getattr(transcript, "analysis", None)
    context = {
        "client": client,
        "appointment": appointment,
        "transcript": transcript,
        "analysis": analysis,
        "findings": ordered_findings(analysis),
        "delete_form": DeleteForm(),
        "Status": AnalysisStatus,
    }
    return render(request, "insights/transcript.html", context)


@login_required
@require_POST
@sudo_required
def delete(
    request: HttpRequest, client_id: str, appointment_id: str, transcript_id: str
) -> HttpResponse:
    client = get_client_for_user(request, client_id)
    appointment = get_own_appointment(request, client, appointment_id)
    transcript = get_transcript(appointment, transcript_id)
    form = DeleteForm(request.POST)
    if transcript.is_deleted:
        messages.info(request, "This transcript was already deleted.")
    elif not form.is_valid():
        context = {
            "client": client,
            "appointment": appointment,
            "transcript": transcript,
            "analysis": getattr(transcript, "analysis", None),
            "findings": ordered_findings(getattr(transcript, "analysis", None)),
            "delete_form": form,
            "Status": AnalysisStatus,
        }
        return render(request, "insights/transcript.html", context, status=400)
    else:
        service.delete_transcript(transcript, reason=form.cleaned_data["reason"])
        record(
            action="transcript-deleted",
            actor=request.user,
            request=request,
            object_type="transcript",
            object_id=transcript.public_id,
        )
        messages.success(request, "Transcript deleted; its words are gone from the analysis.")
    return redirect(
        "insights:transcript",
        client_id=client.public_id,
        appointment_id=appointment.public_id,
        transcript_id=transcript.public_id,
    )


def ordered_findings(analysis: Analysis | None) -> list[dict[str, Any]]:
    """A finished analysis' findings, risk first (then in turn order)."""
    if analysis is None or analysis.status != AnalysisStatus.DONE or not analysis.result:
        return []
    findings = list(analysis.result.get("findings", []))
    return sorted(findings, key=lambda f: (f.get("kind") != "risk", min(f.get("turns") or [0])))


def _audit_read(request: HttpRequest, transcript: Transcript) -> None:
    record(
        action="read",
        actor=request.user,
        request=request,
        object_type="transcript",
        object_id=transcript.public_id,
    )
