"""Who may see a session's notes. The client is always fetched first through
:func:`talkingcure.clients.access.get_client_for_user`; these helpers narrow further.

Progress notes: everyone who may see the client's record.
Process notes: only their author, and the author's supervisors for entries the author shared.
Everyone else gets 404, so an outsider cannot learn that a process note exists.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404

from talkingcure.clients.models import Client
from talkingcure.notes.models import ProcessNote
from talkingcure.scheduling.models import Appointment


def get_appointment(client: Client, public_id: str) -> Appointment:
    try:
        return client.appointments.get(public_id=public_id)
    except (Appointment.DoesNotExist, ValidationError, ValueError):
        raise Http404("No such session for this client.") from None


def visible_process_notes(user: Any, client: Client) -> QuerySet[ProcessNote]:
    """This client's process notes the user may read: their own, or shared by a supervisee."""
    if not getattr(user, "is_authenticated", False):
        return ProcessNote.objects.none()
    supervisees = user.supervisees.values_list("pk", flat=True)
    return ProcessNote.objects.filter(appointment__client=client).filter(
        Q(author=user) | Q(author__in=supervisees, shared_with_supervisor=True)
    )


def may_write_process_note(user: Any, appointment: Appointment) -> bool:
    return bool(getattr(user, "pk", None)) and user.pk == appointment.clinician_id
