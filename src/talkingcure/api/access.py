"""Fetching what an API call names, under the same rules as the pages.

Every object is found by its public id, then checked with the pages' helpers: the client
through :func:`talkingcure.clients.access.get_client_for_user` (clinicians their own clients,
supervisors their supervisees', an administrator only under break-glass, nobody else), and
transcripts, analyses and their findings and corrections through
:func:`talkingcure.insights.access.get_own_appointment` (the treating therapist only). A missing
object and a refused one raise the same :class:`~django.http.Http404`, and both are audited.
"""

from __future__ import annotations

import uuid
from typing import TypeVar

from django.db import models
from django.http import Http404, HttpRequest

from talkingcure.audit.log import record
from talkingcure.clients.access import get_client_for_user
from talkingcure.clients.models import Client
from talkingcure.insights.access import get_own_appointment
from talkingcure.insights.models import Analysis, Transcript
from talkingcure.scheduling.models import Appointment

M = TypeVar("M", bound=models.Model)
NOT_FOUND = "Not found, or you may not see it."


def parse_id(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except (ValueError, TypeError, AttributeError):
        return None


def _missing(request: HttpRequest, object_type: str, value: str) -> Http404:
    parsed = parse_id(value)
    record(
        action="denied",
        actor=request.user,
        request=request,
        object_type=object_type,
        object_id=str(parsed) if parsed else "malformed",
    )
    return Http404(NOT_FOUND)


def _find(request: HttpRequest, model: type[M], object_type: str, value: str, *related: str) -> M:
    public_id = parse_id(value)
    found = None
    if public_id is not None:
        found = model._default_manager.select_related(*related).filter(public_id=public_id).first()
    if found is None:
        raise _missing(request, object_type, value)
    return found


def _treating(request: HttpRequest, appointment: Appointment) -> Appointment:
    client = get_client_for_user(request, appointment.client.public_id)
    return get_own_appointment(request, client, str(appointment.public_id))


def client_for(request: HttpRequest, value: str) -> Client:
    if parse_id(value) is None:
        raise _missing(request, "client", value)
    return get_client_for_user(request, value)


def own_session(request: HttpRequest, value: str) -> Appointment:
    """A session the requesting user held (and so may attach transcripts to)."""
    return _treating(request, _find(request, Appointment, "session", value, "client"))


def own_transcript(request: HttpRequest, value: str) -> Transcript:
    related = ("appointment__client", "analysis")
    transcript = _find(request, Transcript, "transcript", value, *related)
    _treating(request, transcript.appointment)
    return transcript


def own_analysis(request: HttpRequest, value: str) -> Analysis:
    analysis = _find(request, Analysis, "analysis", value, "transcript__appointment__client")
    _treating(request, analysis.transcript.appointment)
    return analysis


def audit_read(request: HttpRequest, object_type: str, public_id: uuid.UUID) -> None:
    record(
        action="read",
        actor=request.user,
        request=request,
        object_type=object_type,
        object_id=public_id,
    )
