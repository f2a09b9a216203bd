"""The JSON API, ``/api/v1/``: sessions, transcripts, analyses, findings and corrections.

Every operation needs a bearer token (:mod:`talkingcure.api.auth`) and follows the pages'
rules (:mod:`talkingcure.api.access`). The schema is served, without a token, at
``/api/v1/openapi.json``; there is no interactive documentation page (it would load scripts).
See docs/api.md.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Query, Status
from ninja.errors import AuthenticationError, ValidationError
from ninja.operation import Operation
from pydantic import WithJsonSchema

from talkingcure.api import access, serialize
from talkingcure.api.auth import TOO_LARGE, TokenAuth
from talkingcure.api.schemas import (
    AnalysisOut,
    CorrectionIn,
    CorrectionOut,
    DeleteIn,
    ErrorOut,
    FindingsOut,
    GroupName,
    ResultOut,
    SessionOut,
    TranscriptIn,
    TranscriptOut,
)
from talkingcure.api.throttle import TokenRateThrottle
from talkingcure.audit.log import record
from talkingcure.insights import corrections, service
from talkingcure.insights.corrections import CorrectionError
from talkingcure.insights.findings import keyed_findings
from talkingcure.insights.views import NOT_HELD, consent_refusals
from talkingcure.notes.views import user_of
from talkingcure.scheduling.models import Appointment

UNAUTHORIZED = "A valid API token is required: Authorization: Bearer <token>."
EMPTY = "The transcript is empty."
NO_REASON = "Give a reason for deleting the transcript."

PublicId = Annotated[str, WithJsonSchema({"type": "string", "format": "uuid"})]


class TalkingcureAPI(NinjaAPI):
    def get_operation_id(self, operation: Operation) -> str:
        return operation.view_func.__name__  # "list_sessions", not the module path


api = TalkingcureAPI(
    title="talkingcure",
    version="1",
    description="Sessions, transcripts, analyses, findings and corrections. See docs/api.md.",
    urls_namespace="api",
    docs_url=None,
    openapi_url="/openapi.json",
    auth=TokenAuth(),
    throttle=[TokenRateThrottle()],
)

ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 429: ErrorOut}
WITH_BODY: dict[int, Any] = {**ERRORS, 413: ErrorOut}


def _error(request: HttpRequest, status: int, detail: str) -> HttpResponse:
    return api.create_response(request, {"detail": detail}, status=status)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, access.NOT_FOUND)  # one body, whatever the reason


@api.exception_handler(AuthenticationError)
def unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = _error(request, 401, UNAUTHORIZED)
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return _error(request, 400, serialize.validation_message(exc.errors))


@api.exception_handler(RequestDataTooBig)
def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return _error(request, 413, TOO_LARGE)


@api.get(
    "/sessions",
    response={200: list[SessionOut], **ERRORS},
    url_name="sessions",
    summary="A client's sessions",
)
def list_sessions(request: HttpRequest, client: Annotated[PublicId, Query()]) -> Any:
    """Every session of a client you may see, oldest first.

    ``has_transcript`` is given only for the sessions you held (null otherwise)."""
    seen = access.client_for(request, client)
    appointments = seen.appointments.order_by("starts_at", "pk").prefetch_related("transcripts")
    return [serialize.session(appointment, request.user) for appointment in appointments]


@api.get(
    "/sessions/{session_id}/transcripts",
    response={200: list[TranscriptOut], **ERRORS},
    url_name="session_transcripts",
    summary="A session's transcripts",
)
def list_transcripts(request: HttpRequest, session_id: PublicId) -> Any:
    """The transcripts of a session you held, newest first (without their text)."""
    appointment = access.own_session(request, session_id)
    transcripts = list(appointment.transcripts.select_related("analysis"))
    for transcript in transcripts:
        access.audit_read(request, "transcript", transcript.public_id)
    return [serialize.transcript(t) for t in transcripts]


@api.post(
    "/sessions/{session_id}/transcripts",
    response={201: TranscriptOut, 403: ErrorOut, **WITH_BODY},
    summary="Attach a transcript and queue its analysis",
)
def upload_transcript(request: HttpRequest, session_id: PublicId, body: TranscriptIn) -> Any:
    """Attach a transcript to a session you held; its analysis is queued at once.

    Refused with 403 when the session was not held or a consent (recording or transcription,
    automated analysis) is missing, with the same message as the page."""
    appointment = access.own_session(request, session_id)
    if appointment.status != Appointment.Status.ATTENDED:
        return Status(403, {"detail": NOT_HELD})
    refusals = consent_refusals(appointment.client)
    if refusals:
        return Status(403, {"detail": " ".join(refusals)})
    if not body.content.strip():
        return Status(400, {"detail": EMPTY})
    transcript = service.create_transcript(
        appointment,
        uploaded_by=user_of(request),
        content=body.content,
        fmt=body.format,
        filename=serialize.clean_filename(body.filename),
    )
    transcript.refresh_from_db()
    return Status(201, serialize.transcript(transcript))


@api.delete(
    "/transcripts/{transcript_id}",
    response={200: TranscriptOut, **WITH_BODY},
    url_name="transcript",
    summary="Delete a transcript's words, with a reason",
)
def delete_transcript(request: HttpRequest, transcript_id: PublicId, body: DeleteIn) -> Any:
    """Remove the text and every quote from its analysis and corrections (turn numbers,
    offsets, labels and scores stay). Deleting again changes nothing."""
    transcript = access.own_transcript(request, transcript_id)
    if not body.reason.strip():
        return Status(400, {"detail": NO_REASON})
    if not transcript.is_deleted:
        service.delete_transcript(transcript, reason=body.reason.strip())
        record(
            action="transcript-deleted",
            actor=request.user,
            request=request,
            object_type="transcript",
            object_id=transcript.public_id,
        )
    return serialize.transcript(transcript)


@api.get(
    "/analyses/{analysis_id}",
    response={200: AnalysisOut, **ERRORS},
    url_name="analysis",
    summary="An analysis' status",
)
def get_analysis(request: HttpRequest, analysis_id: PublicId) -> Any:
    """Status, progress, the engine's message when it failed, and the engine version."""
    analysis = access.own_analysis(request, analysis_id)
    access.audit_read(request, "analysis", analysis.public_id)
    return serialize.analysis(analysis)


@api.get(
    "/analyses/{analysis_id}/findings",
    response={200: FindingsOut, **ERRORS},
    url_name="analysis_findings",
    summary="An analysis' findings",
)
def list_findings(
    request: HttpRequest,
    analysis_id: PublicId,
    group: Annotated[GroupName | None, Query()] = None,
) -> Any:
    """The findings, risk first, each with a stable key for corrections; ``group`` filters."""
    analysis = access.own_analysis(request, analysis_id)
    access.audit_read(request, "analysis", analysis.public_id)
    wrong = set(corrections.marked_wrong(analysis))
    findings = keyed_findings(analysis.result) if analysis.status == "done" else []
    chosen = [f for f in findings if group is None or f["group"] == group]
    return {
        "analysis": analysis.public_id,
        "status": analysis.status,
        "findings": [serialize.finding(f, marked_wrong=f["key"] in wrong) for f in chosen],
    }


@api.get(
    "/analyses/{analysis_id}/result",
    response={200: ResultOut, **ERRORS},
    url_name="analysis_result",
    summary="An analysis' full engine result",
)
def get_result(request: HttpRequest, analysis_id: PublicId) -> Any:
    """The engine's whole output (schema ``talkingcure.analysis/1``), once it is done."""
    analysis = access.own_analysis(request, analysis_id)
    access.audit_read(request, "analysis", analysis.public_id)
    done = analysis.status == "done"
    return {
        "analysis": analysis.public_id,
        "status": analysis.status,
        "result": analysis.result if done else None,
    }


@api.get(
    "/analyses/{analysis_id}/corrections",
    response={200: list[CorrectionOut], **ERRORS},
    url_name="analysis_corrections",
    summary="An analysis' corrections",
)
def list_corrections(request: HttpRequest, analysis_id: PublicId) -> Any:
    """Findings marked wrong and findings added, oldest first, with who and when."""
    analysis = access.own_analysis(request, analysis_id)
    access.audit_read(request, "analysis", analysis.public_id)
    return [serialize.correction(c) for c in analysis.corrections.select_related("author")]


@api.post(
    "/analyses/{analysis_id}/corrections",
    response={200: CorrectionOut, 201: CorrectionOut, **WITH_BODY},
    summary="Mark a finding wrong, or add one",
)
def add_correction(request: HttpRequest, analysis_id: PublicId, body: CorrectionIn) -> Any:
    """``{"action": "wrong", "key": ...}`` or ``{"action": "added", "group", "turn", ...}``.

    Marking a finding wrong again answers 200 with the first mark; a correction that cannot be
    kept answers 400 with the reason."""
    analysis = access.own_analysis(request, analysis_id)
    author = user_of(request)
    try:
        if body.action == "wrong":
            already = body.key in corrections.marked_wrong(analysis)
            kept = corrections.mark_wrong(analysis, body.key, author=author, note=body.note)
            status = 200 if already else 201
            action = "finding-marked-wrong"
        else:
            kept = corrections.add_finding(
                analysis,
                author=author,
                group=body.group,
                turn=body.turn,
                start=body.start,
                end=body.end,
                note=body.note,
            )
            status, action = 201, "correction-added"
    except CorrectionError as exc:
        return Status(400, {"detail": str(exc)})
    if status == 201:
        record(
            action=action,
            actor=author,
            request=request,
            object_type="analysis",
            object_id=analysis.public_id,
        )
    return Status(status, serialize.correction(kept))
