"""Transcripts on a held session: upload or paste, the analysis' status, deletion with a reason,
and once analysed the insight page with the therapist's corrections (mark wrong, add a finding).

Only the treating therapist reaches any of these (see :mod:`talkingcure.insights.access`).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST

from talkingcure.accounts.sudo import sudo_required
from talkingcure.audit.log import record
from talkingcure.clients.access import get_client_for_user
from talkingcure.clients.models import Client
from talkingcure.consents.models import ConsentKind
from talkingcure.consents.require import ConsentMissing, require_consent
from talkingcure.insights import corrections, service
from talkingcure.insights.access import get_own_appointment, get_transcript
from talkingcure.insights.correction_forms import AddFindingForm, MarkWrongForm
from talkingcure.insights.forms import DeleteForm, TranscriptForm
from talkingcure.insights.insight_page import InsightPage, build_page, selected_groups
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
    return service.create_transcript(
        appointment,
        uploaded_by=user_of(request),
        content=data["content"],
        fmt=data["fmt"],
        filename=data["filename"],
    )


@login_required
def transcript_status(
    request: HttpRequest, client_id: str, appointment_id: str, transcript_id: str
) -> HttpResponse:
    """The transcript's analysis: its status, or once done the insight page."""
    client, appointment, transcript = _own_transcript(
        request, client_id, appointment_id, transcript_id
    )
    _audit_read(request, transcript)
    return _render_transcript(request, client, appointment, transcript)


def _own_transcript(
    request: HttpRequest, client_id: str, appointment_id: str, transcript_id: str
) -> tuple[Client, Appointment, Transcript]:
    """Fetch through the access helpers (treating therapist only; anyone else gets 404)."""
    client = get_client_for_user(request, client_id)
    appointment = get_own_appointment(request, client, appointment_id)
    return client, appointment, get_transcript(appointment, transcript_id)


def _render_transcript(
    request: HttpRequest,
    client: Client,
    appointment: Appointment,
    transcript: Transcript,
    *,
    status: int = 200,
    **overrides: Any,
) -> HttpResponse:
    analysis = getattr(transcript, "analysis", None)
    selected = selected_groups(request.GET.getlist("group"))
    context: dict[str, Any] = {
        "client": client,
        "appointment": appointment,
        "transcript": transcript,
        "analysis": analysis,
        "page": _insight_page(analysis, selected),
        "filter_query": _filter_query(selected),
        "page_url": _page_url(transcript),
        "delete_form": DeleteForm(),
        "add_form": AddFindingForm(),
        "correction_error": None,
        "Status": AnalysisStatus,
    }
    context.update(overrides)
    return render(request, "insights/transcript.html", context, status=status)


def _insight_page(analysis: Analysis | None, selected: set[str] | None) -> InsightPage | None:
    """The insight page's view-model once the analysis is done; None before (or on failure)."""
    if analysis is None or analysis.status != AnalysisStatus.DONE or not analysis.result:
        return None
    return build_page(analysis.result, analysis.corrections.select_related("author"), selected)


@login_required
@require_POST
@sudo_required
def delete(
    request: HttpRequest, client_id: str, appointment_id: str, transcript_id: str
) -> HttpResponse:
    client, appointment, transcript = _own_transcript(
        request, client_id, appointment_id, transcript_id
    )
    form = DeleteForm(request.POST)
    if transcript.is_deleted:
        messages.info(request, "This transcript was already deleted.")
    elif not form.is_valid():
        return _render_transcript(
            request, client, appointment, transcript, status=400, delete_form=form
        )
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
    return _back_to(request, transcript)


@login_required
@require_POST
def mark_wrong(
    request: HttpRequest, client_id: str, appointment_id: str, transcript_id: str
) -> HttpResponse:
    """Mark an engine finding wrong (kept with who and when; marking it again changes nothing)."""
    client, appointment, transcript = _own_transcript(
        request, client_id, appointment_id, transcript_id
    )
    analysis = _analysis_of(transcript)
    form = MarkWrongForm(request.POST)
    if not form.is_valid():
        return _correction_refused(request, client, appointment, transcript, _first_error(form))
    key = form.cleaned_data["key"]
    # After deletion no new words enter the analysis: the note is not kept.
    note = None if transcript.is_deleted else form.cleaned_data["note"]
    already = key in corrections.marked_wrong(analysis)
    try:
        corrections.mark_wrong(analysis, key, author=user_of(request), note=note)
    except corrections.CorrectionError as exc:
        return _correction_refused(request, client, appointment, transcript, str(exc))
    if not already:
        _audit_correction(request, analysis, "finding-marked-wrong")
        messages.success(request, "Finding marked wrong.")
    return _back_to(request, transcript, f"finding-{key}")


@login_required
@require_POST
def add_finding(
    request: HttpRequest, client_id: str, appointment_id: str, transcript_id: str
) -> HttpResponse:
    """Add a finding the therapist saw: a kind, a turn, optionally a span of it, a note."""
    client, appointment, transcript = _own_transcript(
        request, client_id, appointment_id, transcript_id
    )
    analysis = _analysis_of(transcript)
    form = AddFindingForm(request.POST)
    if not form.is_valid():
        return _correction_refused(
            request, client, appointment, transcript, _first_error(form), add_form=form
        )
    data = form.cleaned_data
    try:
        correction = corrections.add_finding(
            analysis,
            author=user_of(request),
            group=data["group"],
            turn=data["turn"],
            start=data["start"],
            end=data["end"],
            note=data["note"],
        )
    except corrections.CorrectionError as exc:
        form.add_error(None, str(exc))
        return _correction_refused(
            request, client, appointment, transcript, str(exc), add_form=form
        )
    _audit_correction(request, analysis, "correction-added")
    messages.success(request, "Finding added.")
    return _back_to(request, transcript, f"added-{correction.finding['key']}")


def _analysis_of(transcript: Transcript) -> Analysis:
    analysis = getattr(transcript, "analysis", None)
    if analysis is None:
        raise Http404("This transcript has no analysis.")
    return analysis


def _first_error(form: forms.Form) -> str:
    for errors in form.errors.values():
        return str(errors[0])
    return "The correction could not be kept."


def _correction_refused(
    request: HttpRequest,
    client: Client,
    appointment: Appointment,
    transcript: Transcript,
    message: str,
    **overrides: Any,
) -> HttpResponse:
    return _render_transcript(
        request,
        client,
        appointment,
        transcript,
        status=400,
        correction_error=message,
        **overrides,
    )


def _audit_correction(request: HttpRequest, analysis: Analysis, action: str) -> None:
    record(
        action=action,
        actor=request.user,
        request=request,
        object_type="analysis",
        object_id=analysis.public_id,
    )


def _filter_query(selected: set[str] | None) -> str:
    """The page's filter as a query string ("group=a&group=b"), kept across corrections."""
    return urlencode([("group", name) for name in sorted(selected or ())])


def _page_url(transcript: Transcript) -> str:
    appointment = transcript.appointment
    return reverse(
        "insights:transcript",
        args=[appointment.client.public_id, appointment.public_id, transcript.public_id],
    )


def _back_to(request: HttpRequest, transcript: Transcript, fragment: str = "") -> HttpResponse:
    url = _page_url(transcript)
    query = _filter_query(selected_groups(request.GET.getlist("group")))
    return redirect(url + (f"?{query}" if query else "") + (f"#{fragment}" if fragment else ""))


def _audit_read(request: HttpRequest, transcript: Transcript) -> None:
    record(
        action="read",
        actor=request.user,
        request=request,
        object_type="transcript",
        object_id=transcript.public_id,
    )
