"""Who may see a session's transcripts and analyses: the treating therapist only.

Transcripts and analyses are kept as psychotherapy notes (docs/security.md). The client is fetched
first through :func:`talkingcure.clients.access.get_client_for_user`; then only the clinician who
held the session passes. Supervisors, colleagues, intake, researchers and an administrator using
break-glass all get 404, so an outsider cannot learn that a transcript exists.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest

from talkingcure.audit.log import record
from talkingcure.clients.models import Client
from talkingcure.insights.models import Transcript
from talkingcure.scheduling.models import Appointment

NOT_YOURS = "No such transcript, or you may not see it."


def is_treating_therapist(user: Any, appointment: Appointment) -> bool:
    return bool(getattr(user, "pk", None)) and user.pk == appointment.clinician_id


def get_own_appointment(request: HttpRequest, client: Client, public_id: str) -> Appointment:
    """The session, if the requesting user is the therapist who held it; otherwise 404."""
    try:
        appointment = client.appointments.get(public_id=public_id)
    except (Appointment.DoesNotExist, ValidationError, ValueError):
        raise Http404("No such session for this client.") from None
    if not is_treating_therapist(request.user, appointment):
        record(
            action="denied",
            actor=request.user,
            request=request,
            object_type="transcript",
            object_id=appointment.public_id,
        )
        raise Http404(NOT_YOURS)
    return appointment


def get_transcript(appointment: Appointment, public_id: str) -> Transcript:
    try:
        return appointment.transcripts.select_related("analysis").get(public_id=public_id)
    except (Transcript.DoesNotExist, ValidationError, ValueError):
        raise Http404(NOT_YOURS) from None
